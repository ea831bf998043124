package link

// Preset is a named link: one of the stories the page tells in one click.
type Preset struct {
	Name        string // a short identifier, e.g. "adam"
	Title       string // a one-line headline
	Query       string // the link, in canonical form: Encode(Parse(Query)) == Query
	Description string // what to look at, in a sentence or two
}

// Presets returns the preset links, in the order the page offers them. Each
// runs 1000 runs per lane on the default noisy quadratic unless it says
// otherwise; lanes compare methods on the same data stream.
func Presets() []Preset {
	return []Preset{
		{
			Name:  "adam",
			Title: "Adam with a constant learning rate never converges",
			Query: "v=1&runs=1000",
			Description: "The cloud of runs shrinks to a noise ball and stays there: the step length and the spread level off " +
				"above 0. Dereich, Graeber and Jentzen (2024) prove it for any learning rate that stays above a positive number " +
				"(and below a bound), with bounded batches and noisy data.",
		},
		{
			Name:        "rmsprop",
			Title:       "RMSprop with a constant learning rate never converges",
			Query:       "v=1&runs=1000&opt=rmsprop",
			Description: "The same theorem covers RMSprop: for a small γ its runs keep a standard deviation of about √(γs/2) per coordinate (s = σ/√J).",
		},
		{
			Name:  "sgd",
			Title: "Plain SGD with a constant learning rate never converges",
			Query: "v=1&runs=1000&opt=sgd",
			Description: "The classical case: the spread tends to the dashed prediction, and the mean squared step length to " +
				"the sum over the two directions of curvature of 2η²s²/(2 − η) (η = γ × the curvature, s² = σ²/J).",
		},
		{
			Name:  "theorem",
			Title: "Adam, RMSprop and SGD on the same noise",
			Query: "v=1&runs=1000&opt2=rmsprop&opt3=sgd",
			Description: "Three methods, the same data stream, a constant learning rate: three noise balls, " +
				"none of which shrinks.",
		},
		{
			Name:  "decay",
			Title: "A decaying learning rate shrinks the noise ball",
			Query: "v=1&runs=1000&sched=poly&opt2=rmsprop&opt3=sgd",
			Description: "With γₙ = γ / (1 + (n − 1)/100) the learning rate goes to 0, and so do " +
				"the spread and the step length of all three methods.",
		},
		{
			Name:  "floor",
			Title: "Decay with a floor: the noise ball comes back",
			Query: "v=1&runs=1000&sched=poly&lrmin=0.005&opt2=rmsprop&opt3=sgd",
			Description: "The same decay, held at 0.005 from below. The learning rate stays above a positive number, " +
				"the theorem's hypothesis, and the noise ball stops shrinking once the floor is reached.",
		},
		{
			Name:  "batch",
			Title: "Growing batches restore convergence",
			Query: "v=1&runs=1000&opt=sgd&bgrow=lin:1&opt2=adam",
			Description: "A constant learning rate, but batch size Jₙ = n: growing batches make the noise vanish over time. " +
				"SGD's spread shrinks like J^(−1/2), Adam's only like J^(−1/4).",
		},
		{
			Name:  "skewed",
			Title: "Skewed data bias Adam, whatever the learning rate",
			Query: "v=1&angle=0&dist=exp&runs=1000&sched=poly&p=0.5&b2=0.9&opt2=rmsprop&opt3=sgd",
			Description: "Exponential data and β₂ = 0.9: as the learning rate decays, SGD's mean settles on the " +
				"minimizer, but Adam's and RMSprop's settle beside it. Symmetric data show no offset.",
		},
		{
			Name:  "reddi",
			Title: "Reddi's example: Adam walks to the wrong end",
			Query: "v=1&problem=reddi&x0=0&runs=1000&lr=0.5&sched=poly&p=0.5&n0=1&b1=0&b2=0.1&opt2=amsgrad",
			Description: "Gradient 3 with probability 1/3, else −1, on [−1, 1]: the minimizer is −1. With β₁ = 0, " +
				"β₂ = 1/(1 + 3²) and γₙ = 0.5/√n, Adam forgets the rare large gradient and ends at +1; " +
				"AMSGrad, which keeps the largest second moment, finds −1.",
		},
		{
			Name:  "clip",
			Title: "Heavy tails and clipping: still a noise ball",
			Query: "v=1&dist=t3&runs=1000&opt=sgd&clip2=1",
			Description: "Student-t data with 3 degrees of freedom. Clipping the gradient norm at 1 tames the " +
				"outliers and shrinks the ball, but does not make it vanish while the learning rate stays put.",
		},
		{
			Name:  "nonoise",
			Title: "No noise: a constant learning rate converges",
			Query: "v=1&sigma=0&runs=1000&opt=sgd",
			Description: "With σ = 0 every gradient is exact, and plain gradient descent converges geometrically (by a fixed " +
				"factor per step) at a constant learning rate: the theorem needs random data, and here there are none (the runs coincide).",
		},
		{
			Name:  "adagrad",
			Title: "Adagrad converges: its effective rate decays by itself",
			Query: "v=1&runs=1000&opt=adagrad&lr=0.5&opt2=adam&lr2=0.05",
			Description: "Adagrad divides by the root of the sum of all squared gradients, which grows like n with noisy " +
				"gradients: its effective rate decays like 1/√n although γ is constant. The theorem does not " +
				"cover it, and its noise ball shrinks; Adam's does not.",
		},
		{
			Name:  "linreg",
			Title: "Linear regression on real data: a constant rate never settles, 1/n does",
			Query: "v=1&problem=linreg&runs=1000&opt=sgd&n0=2000&sched2=poly&opt3=adam&lr3=0.02&opt4=adam&lr4=0.02&sched4=poly",
			Description: "Least squares on the diabetes data set (442 patients, 10 features), mini-batches drawn from its " +
				"training set: the theorem's setting, with the training set as the data. SGD and Adam with a constant rate " +
				"keep their noise balls; with γₙ ~ 1/n (lanes 2 and 4) the spread falls like n^(−1/2). The picture is " +
				"a slice through θ* of the 11-dimensional problem.",
		},
		{
			Name:  "logreg",
			Title: "Logistic regression: cosine to zero settles, cosine to a floor does not",
			Query: "v=1&problem=logreg&runs=1000&steps=20000&lr=0.01&n0=20000&sched2=cosine&sched3=cosine&lrmin3=0.002",
			Description: "Adam on the breast cancer data set (569 cases, 30 features) with a small weight decay: a constant " +
				"rate, a cosine schedule to zero over the 20,000 steps, and the same cosine held at a floor of 0.002. " +
				"Only the schedule that reaches zero stops the steps; the floor keeps a noise ball, smaller but there.",
		},
		{
			Name:  "mlp",
			Title: "A neural network on digits: the held-out accuracy keeps wobbling at a constant rate",
			Query: "v=1&problem=mlp&runs=100&steps=20000&lr=0.01&n0=1000&sched2=poly",
			Description: "A one-hidden-layer network (16 tanh units, 1,210 weights) trained by Adam on the handwritten " +
				"digits: with a constant rate the runs keep moving and their held-out accuracy stays spread out; with a " +
				"decaying rate the steps shrink and the accuracy settles higher. The picture is a slice through a " +
				"reference point, the end of a long run with a decaying rate.",
		},
		{
			Name:  "auto",
			Title: "A monitor that becomes a schedule",
			Query: "v=1&runs=1000&opt=sgd&sched=auto&sched2=const",
			Description: "Lane 1 halves its learning rate each time its diagnostics (the distance test of Pesme, Dieuleveut " +
				"and Flammarion) find it stationary, by Chee and Toulis's halving rule: the rate falls like 1/n and the noise ball shrinks. " +
				"Lane 2 keeps the constant rate it started from, and its noise ball.",
		},
		{
			Name:  "plateau",
			Title: "Three schedules on the same noise: sched=auto, ReduceLROnPlateau and cosine",
			Query: "v=1&runs=1000&steps=20000&opt=sgd&sched=auto&sched2=plateau&sched3=cosine&n03=20000",
			Description: "SGD three times on the same data. Lane 1 halves its rate when its distance test finds a noise ball; " +
				"lane 2 is PyTorch's ReduceLROnPlateau (factor 0.1, patience 10 epochs of 100 steps) on run 1's epoch loss; " +
				"lane 3 is a cosine to zero over the 20,000 steps, which has to know the run's length in advance.",
		},
	}
}

// Lookup returns the preset called name.
func Lookup(name string) (Preset, bool) {
	for _, p := range Presets() {
		if p.Name == name {
			return p, true
		}
	}
	return Preset{}, false
}
