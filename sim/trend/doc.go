// Package trend tells a trend from noise in one observed series, with tests
// whose error rates hold at the number of observations there are: whether a
// logged loss still falls, rises, stays flat within a margin, or fluctuates
// less and less.
//
// The model. Observations y_1 .. y_N at positions x_1 .. x_N (for a training
// log, x = ln n at step n) are a smooth curve plus stationary noise with
// standard deviation sigma and lag-1 autocorrelation phi, the correlation
// decaying like phi^k over k observations (a first-order autoregression,
// AR(1); phi = 0 is white noise). The caller cuts the series into Groups of
// consecutive observations, narrow enough that the curve is about constant
// across one (trainlog uses 100 groups per decade of steps). Then:
//
//   - EstimateNoise measures the noise inside the groups: sigma from the
//     pooled within-group variance and phi from the mean squared successive
//     difference (von Neumann, 1941), both corrected for the groups' own
//     means, which absorb part of a correlated noise; and the kurtosis.
//   - Fit is the weighted least-squares line through the group means
//     (weights N_g, the line through all observations when each group sits
//     at one x), with the slope's exact variance under the noise model,
//     correlations between groups included, and the degrees of freedom of
//     the variance estimate. FitLog does the same for ln of the means.
//   - Line.Falls, Line.Rises and Line.Within are one-sided t-tests and the
//     two one-sided tests of equivalence (TOST) on the slope; Shrinks is an
//     F-test that the noise is smaller in a later part than an earlier one,
//     its degrees of freedom corrected for the kurtosis (Box, 1953) and the
//     correlation. Quantiles come from the regularized incomplete beta
//     function of gonum's mathext (TQuantile, FQuantile).
//   - LastDecade chooses the part of a series a verdict looks at.
//
// With white Gaussian noise, groups of four or more observations and a
// constant curve, every test has exactly its nominal level, whatever N is:
// the slope is a linear function of the group means, which are independent
// of the within-group variance. The noise model is what makes the tests
// honest on correlated noise too; a noise with a memory longer than its
// first-order part shows (a random walk, a drift) can still pass for a
// trend, as it can to any test on one series.
//
// The arithmetic uses only +, -, *, / and square roots outside the
// quantiles, with products rounded before they are added (float64(a*b) + c),
// so that package sim can call it and stay bit-identical on every GOARCH;
// the quantiles use package math's logarithms and may differ in the last bit
// between architectures, which can change a test's outcome only when its
// statistic lies within a few ulps of the critical value.
package trend
