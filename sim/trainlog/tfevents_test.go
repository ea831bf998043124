package trainlog

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
)

// The tests write event files with the protobuf module's own encoder, from
// a schema transcribed from TensorFlow's event.proto, summary.proto,
// tensor.proto and tensor_shape.proto (the messages and fields a scalar
// summary uses), so that the reader's hand-written decoding is checked
// against an encoder it does not share.

// schema returns the descriptors of the messages, by name.
func schema(t testing.TB) map[string]protoreflect.MessageDescriptor {
	t.Helper()
	opt := descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum()
	rep := descriptorpb.FieldDescriptorProto_LABEL_REPEATED.Enum()
	f := func(name string, num int32, typ descriptorpb.FieldDescriptorProto_Type, label *descriptorpb.FieldDescriptorProto_Label, msg string) *descriptorpb.FieldDescriptorProto {
		d := &descriptorpb.FieldDescriptorProto{Name: proto.String(name), Number: proto.Int32(num), Type: typ.Enum(), Label: label, JsonName: proto.String(name)}
		if msg != "" {
			d.TypeName = proto.String(".tensorflow." + msg)
		}
		return d
	}
	// summary.proto's Value holds its value in a oneof, whose fields are
	// written even when they hold 0.
	oneof := func(d *descriptorpb.FieldDescriptorProto) *descriptorpb.FieldDescriptorProto {
		d.OneofIndex = proto.Int32(0)
		return d
	}
	const (
		dbl  = descriptorpb.FieldDescriptorProto_TYPE_DOUBLE
		flt  = descriptorpb.FieldDescriptorProto_TYPE_FLOAT
		i64  = descriptorpb.FieldDescriptorProto_TYPE_INT64
		i32  = descriptorpb.FieldDescriptorProto_TYPE_INT32
		str  = descriptorpb.FieldDescriptorProto_TYPE_STRING
		byts = descriptorpb.FieldDescriptorProto_TYPE_BYTES
		msg  = descriptorpb.FieldDescriptorProto_TYPE_MESSAGE
	)
	fd := &descriptorpb.FileDescriptorProto{
		Name:    proto.String("tensorflow_event_test.proto"),
		Package: proto.String("tensorflow"),
		Syntax:  proto.String("proto3"),
		MessageType: []*descriptorpb.DescriptorProto{
			{Name: proto.String("Event"), Field: []*descriptorpb.FieldDescriptorProto{
				f("wall_time", 1, dbl, opt, ""), f("step", 2, i64, opt, ""), f("file_version", 3, str, opt, ""),
				f("graph_def", 4, byts, opt, ""), f("summary", 5, msg, opt, "Summary"),
			}},
			{Name: proto.String("Summary"), Field: []*descriptorpb.FieldDescriptorProto{f("value", 1, msg, rep, "Summary.Value")},
				NestedType: []*descriptorpb.DescriptorProto{{Name: proto.String("Value"), Field: []*descriptorpb.FieldDescriptorProto{
					f("tag", 1, str, opt, ""), f("node_name", 7, str, opt, ""), f("metadata", 9, msg, opt, "SummaryMetadata"),
					oneof(f("simple_value", 2, flt, opt, "")), oneof(f("histo", 5, msg, opt, "HistogramProto")), oneof(f("tensor", 8, msg, opt, "TensorProto")),
				}, OneofDecl: []*descriptorpb.OneofDescriptorProto{{Name: proto.String("value")}}}}},
			{Name: proto.String("HistogramProto"), Field: []*descriptorpb.FieldDescriptorProto{
				f("min", 1, dbl, opt, ""), f("max", 2, dbl, opt, ""), f("num", 3, dbl, opt, ""), f("sum", 4, dbl, opt, ""),
				f("sum_squares", 5, dbl, opt, ""), f("bucket_limit", 6, dbl, rep, ""), f("bucket", 7, dbl, rep, ""),
			}},
			{Name: proto.String("SummaryMetadata"), Field: []*descriptorpb.FieldDescriptorProto{f("plugin_data", 1, msg, opt, "SummaryMetadata.PluginData")},
				NestedType: []*descriptorpb.DescriptorProto{{Name: proto.String("PluginData"), Field: []*descriptorpb.FieldDescriptorProto{
					f("plugin_name", 1, str, opt, ""), f("content", 2, byts, opt, ""),
				}}}},
			{Name: proto.String("TensorShapeProto"), Field: []*descriptorpb.FieldDescriptorProto{f("dim", 2, msg, rep, "TensorShapeProto.Dim")},
				NestedType: []*descriptorpb.DescriptorProto{{Name: proto.String("Dim"), Field: []*descriptorpb.FieldDescriptorProto{
					f("size", 1, i64, opt, ""), f("name", 2, str, opt, ""),
				}}}},
			{Name: proto.String("TensorProto"), Field: []*descriptorpb.FieldDescriptorProto{
				f("dtype", 1, i32, opt, ""), f("tensor_shape", 2, msg, opt, "TensorShapeProto"), f("tensor_content", 4, byts, opt, ""),
				f("float_val", 5, flt, rep, ""), f("double_val", 6, dbl, rep, ""), f("int_val", 7, i32, rep, ""),
				f("int64_val", 10, i64, rep, ""), f("half_val", 13, i32, rep, ""),
			}},
		},
	}
	file, err := protodesc.NewFile(fd, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]protoreflect.MessageDescriptor{}
	var walk func(ms protoreflect.MessageDescriptors)
	walk = func(ms protoreflect.MessageDescriptors) {
		for i := range ms.Len() {
			m := ms.Get(i)
			out[string(m.FullName())[len("tensorflow."):]] = m
			walk(m.Messages())
		}
	}
	walk(file.Messages())
	return out
}

// events builds event files.
type events struct {
	t      testing.TB
	types  map[string]protoreflect.MessageDescriptor
	buf    bytes.Buffer
	record int
}

func newEvents(t testing.TB) *events {
	e := &events{t: t, types: schema(t)}
	ev := e.message("Event")
	e.set(ev, "wall_time", protoreflect.ValueOfFloat64(1700000000.25))
	e.set(ev, "file_version", protoreflect.ValueOfString("brain.Event:2"))
	e.write(ev)
	return e
}

func (e *events) message(name string) *dynamicpb.Message { return dynamicpb.NewMessage(e.types[name]) }

func (e *events) set(m *dynamicpb.Message, field string, v protoreflect.Value) {
	fd := m.Descriptor().Fields().ByName(protoreflect.Name(field))
	if fd == nil {
		e.t.Fatalf("%s has no field %s", m.Descriptor().FullName(), field)
	}
	m.Set(fd, v)
}

func (e *events) list(m *dynamicpb.Message, field string) protoreflect.List {
	return m.Mutable(m.Descriptor().Fields().ByName(protoreflect.Name(field))).List()
}

// write frames the Event as a TFRecord, with CRC-32C computed here from
// hash/crc32 and TensorFlow's mask.
func (e *events) write(ev *dynamicpb.Message) {
	data, err := proto.Marshal(ev)
	if err != nil {
		e.t.Fatal(err)
	}
	table := crc32.MakeTable(crc32.Castagnoli)
	mask := func(b []byte) uint32 {
		c := crc32.Checksum(b, table)
		return (c>>15 | c<<17) + 0xa282ead8
	}
	var head [12]byte
	binary.LittleEndian.PutUint64(head[:8], uint64(len(data)))
	binary.LittleEndian.PutUint32(head[8:], mask(head[:8]))
	e.buf.Write(head[:])
	e.buf.Write(data)
	e.buf.Write(binary.LittleEndian.AppendUint32(nil, mask(data)))
	e.record++
}

// event writes an Event at step holding the given summary values.
func (e *events) event(step int64, values ...*dynamicpb.Message) {
	ev := e.message("Event")
	e.set(ev, "wall_time", protoreflect.ValueOfFloat64(1700000000.25+float64(step)))
	e.set(ev, "step", protoreflect.ValueOfInt64(step))
	sum := e.message("Summary")
	for _, v := range values {
		e.list(sum, "value").Append(protoreflect.ValueOfMessage(v))
	}
	e.set(ev, "summary", protoreflect.ValueOfMessage(sum))
	e.write(ev)
}

// simple is a PyTorch SummaryWriter.add_scalar value.
func (e *events) simple(tag string, v float32) *dynamicpb.Message {
	m := e.message("Summary.Value")
	e.set(m, "tag", protoreflect.ValueOfString(tag))
	e.set(m, "simple_value", protoreflect.ValueOfFloat32(v))
	return m
}

// tensor is a TensorFlow 2 tf.summary.scalar value: a rank-0 tensor of the
// scalars plugin, the value in tensor_content (content) or float_val.
func (e *events) tensor(tag string, v float32, content bool) *dynamicpb.Message {
	m := e.message("Summary.Value")
	e.set(m, "tag", protoreflect.ValueOfString(tag))
	meta, pd := e.message("SummaryMetadata"), e.message("SummaryMetadata.PluginData")
	e.set(pd, "plugin_name", protoreflect.ValueOfString("scalars"))
	e.set(meta, "plugin_data", protoreflect.ValueOfMessage(pd))
	e.set(m, "metadata", protoreflect.ValueOfMessage(meta))
	tp := e.message("TensorProto")
	e.set(tp, "dtype", protoreflect.ValueOfInt32(dtFloat))
	e.set(tp, "tensor_shape", protoreflect.ValueOfMessage(e.message("TensorShapeProto")))
	if content {
		e.set(tp, "tensor_content", protoreflect.ValueOfBytes(binary.LittleEndian.AppendUint32(nil, math.Float32bits(v))))
	} else {
		e.list(tp, "float_val").Append(protoreflect.ValueOfFloat32(v))
	}
	e.set(m, "tensor", protoreflect.ValueOfMessage(tp))
	return m
}

// double is a float64 scalar tensor without a plugin.
func (e *events) double(tag string, v float64) *dynamicpb.Message {
	m := e.message("Summary.Value")
	e.set(m, "tag", protoreflect.ValueOfString(tag))
	tp := e.message("TensorProto")
	e.set(tp, "dtype", protoreflect.ValueOfInt32(dtDouble))
	e.list(tp, "double_val").Append(protoreflect.ValueOfFloat64(v))
	e.set(m, "tensor", protoreflect.ValueOfMessage(tp))
	return m
}

// histogram and vector are values the reader must skip.
func (e *events) histogram(tag string) *dynamicpb.Message {
	m := e.message("Summary.Value")
	e.set(m, "tag", protoreflect.ValueOfString(tag))
	h := e.message("HistogramProto")
	e.set(h, "num", protoreflect.ValueOfFloat64(10))
	e.list(h, "bucket").Append(protoreflect.ValueOfFloat64(10))
	e.set(m, "histo", protoreflect.ValueOfMessage(h))
	return m
}

func (e *events) vector(tag string) *dynamicpb.Message {
	m := e.message("Summary.Value")
	e.set(m, "tag", protoreflect.ValueOfString(tag))
	tp := e.message("TensorProto")
	e.set(tp, "dtype", protoreflect.ValueOfInt32(dtFloat))
	shape, dim := e.message("TensorShapeProto"), e.message("TensorShapeProto.Dim")
	e.set(dim, "size", protoreflect.ValueOfInt64(3))
	e.list(shape, "dim").Append(protoreflect.ValueOfMessage(dim))
	e.set(tp, "tensor_shape", protoreflect.ValueOfMessage(shape))
	for _, v := range []float32{1, 2, 3} {
		e.list(tp, "float_val").Append(protoreflect.ValueOfFloat32(v))
	}
	e.set(m, "tensor", protoreflect.ValueOfMessage(tp))
	return m
}

// sampleLoss is the loss of the committed sample event files at step.
func sampleLoss(rnd *rand.Rand, step int) float32 {
	return float32(0.42 + 2/math.Sqrt(float64(step)/50+1) + 0.08*rnd.NormFloat64())
}

// writeSamples builds the committed sample event files: a PyTorch
// SummaryWriter's (add_scalar as simple_value: Loss/train every 10 steps,
// Loss/test every 100, lr, a histogram of weights) and a Keras TensorBoard
// callback's train/ file (TF2 tensors: epoch_loss and epoch_learning_rate
// per epoch). NOISEBALL_WRITE_TESTDATA=1 rewrites them.
func writeSamples(t testing.TB) (pytorch, keras []byte) {
	rnd := rand.New(rand.NewPCG(21, 22))
	e := newEvents(t)
	for step := 0; step < 2000; step += 10 {
		vals := []*dynamicpb.Message{e.simple("Loss/train", sampleLoss(rnd, step))}
		if step%100 == 0 {
			vals = append(vals, e.simple("Loss/test", sampleLoss(rnd, step)+0.1), e.histogram("weights/fc1"), e.simple("lr", 1e-3))
		}
		e.event(int64(step), vals...)
	}
	pytorch = append([]byte(nil), e.buf.Bytes()...)
	k := newEvents(t)
	for epoch := range 30 {
		k.event(int64(epoch), k.tensor("epoch_loss", sampleLoss(rnd, 100*epoch), true), k.tensor("epoch_learning_rate", 1e-3, true))
	}
	keras = append([]byte(nil), k.buf.Bytes()...)
	return pytorch, keras
}

const (
	pytorchSample = "testdata/runs/Jan01_00-00-00_noiseball/events.out.tfevents.1700000000.noiseball.1.0"
	kerasSample   = "testdata/keras_logs/train/events.out.tfevents.1700000000.noiseball.2.0.v2"
)

// TestTFEventsSamples reads the committed sample event files: every tag with
// its number of points, the default (the training loss), and the values
// the generator wrote.
func TestTFEventsSamples(t *testing.T) {
	pytorch, keras := writeSamples(t)
	if os.Getenv("NOISEBALL_WRITE_TESTDATA") == "1" {
		for path, b := range map[string][]byte{pytorchSample: pytorch, kerasSample: keras} {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, c := range []struct {
		path, loss string
		points     map[string]int
	}{
		{pytorchSample, "Loss/train", map[string]int{"Loss/train": 200, "Loss/test": 20, "lr": 20}},
		{kerasSample, "epoch_loss", map[string]int{"epoch_loss": 30, "epoch_learning_rate": 30}},
	} {
		b, err := os.ReadFile(c.path)
		if err != nil {
			t.Fatal(err)
		}
		// Every event file starts with the record of its file_version
		// event, 24 bytes: the length 0x18 and its masked CRC-32C, the
		// bytes that identify such files.
		if !bytes.HasPrefix(b, []byte("\x18\x00\x00\x00\x00\x00\x00\x00\xa3\x7f\x4b\x22")) {
			t.Errorf("%s starts with % x", c.path, b[:12])
		}
		l, err := Read(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		if l.Format != TFEvents || len(l.Notes) != 0 {
			t.Errorf("%s: format %v, notes %v", c.path, l.Format, l.Notes)
		}
		got := map[string]int{}
		for _, s := range l.Series {
			got[s.Name] = s.Points
		}
		if len(got) != len(c.points) {
			t.Errorf("%s: series %v, want %v", c.path, got, c.points)
		}
		for name, n := range c.points {
			if got[name] != n {
				t.Errorf("%s: %s has %d points, want %d", c.path, name, got[name], n)
			}
		}
		if s, err := l.Default(); err != nil || s.Name != c.loss {
			t.Errorf("%s: default %v, %v; want %s", c.path, s, err, c.loss)
		}
	}
	// The values, as the generator wrote them (float32).
	rnd := rand.New(rand.NewPCG(21, 22))
	l, err := Read(bytes.NewReader(pytorch))
	if err != nil {
		t.Fatal(err)
	}
	step, val := seriesOf(t, l, "Loss/train")
	test := 0
	for i, s := range step {
		want := sampleLoss(rnd, int(s))
		if s != float64(10*i) || val[i] != float64(want) {
			t.Fatalf("point %d: step %v, value %v; want %d, %v", i, s, val[i], 10*i, want)
		}
		if int(s)%100 == 0 {
			sampleLoss(rnd, int(s)) // Loss/test's
			test++
		}
	}
}

// TestTFEventsValues checks each way a scalar is written: simple_value,
// a float tensor in tensor_content or float_val, a double tensor; and that
// histograms and vectors are skipped.
func TestTFEventsValues(t *testing.T) {
	e := newEvents(t)
	e.event(1, e.simple("a", 0.5), e.tensor("b", 0.25, true), e.tensor("c", -2, false), e.double("d", 1e-300), e.histogram("h"), e.vector("v"))
	e.event(2, e.simple("a", float32(math.NaN())), e.tensor("b", float32(math.Inf(1)), true))
	l, err := Read(bytes.NewReader(e.buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]float64{"a": {0.5, nan}, "b": {0.25, math.Inf(1)}, "c": {-2}, "d": {1e-300}}
	if len(l.Series) != len(want) {
		t.Errorf("%d series, want %d", len(l.Series), len(want))
	}
	for name, vals := range want {
		_, got := seriesOf(t, l, name)
		if !sameFloats(got, vals) {
			t.Errorf("%s = %v, want %v", name, got, vals)
		}
	}
}

// TestTFEventsTruncated cuts an event file at every byte of its last two
// records: it reads up to the last whole record, and says where it stopped;
// cut at a record's end, it reads without a note.
func TestTFEventsTruncated(t *testing.T) {
	e := newEvents(t)
	var ends []int
	for step := range 5 {
		e.event(int64(step), e.simple("loss", float32(step)))
		ends = append(ends, e.buf.Len())
	}
	b := e.buf.Bytes()
	for cut := ends[2]; cut <= ends[4]; cut++ {
		l, err := Read(bytes.NewReader(b[:cut]))
		if err != nil {
			t.Fatalf("cut at %d: %v", cut, err)
		}
		whole := 0
		for _, end := range ends {
			if end <= cut {
				whole++
			}
		}
		_, val := seriesOf(t, l, "loss")
		if len(val) != whole {
			t.Fatalf("cut at %d: %d points, want %d", cut, len(val), whole)
		}
		atEnd := cut == ends[2] || cut == ends[3] || cut == ends[4]
		switch {
		case atEnd && len(l.Notes) != 0:
			t.Errorf("cut at a record's end (%d): notes %v", cut, l.Notes)
		case !atEnd && (len(l.Notes) != 1 || l.Notes[0].Code != "note.stopped" || l.Notes[0].Params["offset"] != strconv.Itoa(ends[whole-1])):
			t.Errorf("cut at %d: notes %v, want the stop at byte %d", cut, l.Notes, ends[whole-1])
		}
	}
}

// TestTFEventsCorrupt flips bits in an event file: a wrong length checksum,
// a wrong data checksum and a malformed message are each an error naming the
// record and its offset, never a panic.
func TestTFEventsCorrupt(t *testing.T) {
	e := newEvents(t)
	e.event(7, e.simple("loss", 1))
	first := 12 + 24 + 4 // the file_version record
	e.event(8, e.simple("loss", 2))
	b := e.buf.Bytes()
	for _, c := range []struct {
		name string
		at   int // the byte to flip
		code string
	}{
		{"length", first + 2, "tfevents.crc.length"},
		{"length's checksum", first + 9, "tfevents.crc.length"},
		{"data", first + 14, "tfevents.crc.data"},
		{"data's checksum", len(b) - 50 - 1, "tfevents.crc.data"},
	} {
		bad := append([]byte(nil), b...)
		bad[c.at] ^= 0x40
		_, err := Read(bytes.NewReader(bad))
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Code != c.code || pe.Record != 2 || pe.Offset != int64(first) {
			t.Errorf("%s: %v (%+v), want %s at record 2, byte %d", c.name, err, pe, c.code, first)
		}
	}
	// A record whose checksums hold but whose message does not parse.
	junk := []byte{0x2a, 0xff, 0xff} // field 5 (bytes) with a length that runs off the end
	var rec bytes.Buffer
	var head [12]byte
	binary.LittleEndian.PutUint64(head[:8], uint64(len(junk)))
	binary.LittleEndian.PutUint32(head[8:], maskedCRC(head[:8]))
	rec.Write(b[:first])
	rec.Write(head[:])
	rec.Write(junk)
	rec.Write(binary.LittleEndian.AppendUint32(nil, maskedCRC(junk)))
	_, err := Read(&rec)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Code != "tfevents.proto" || pe.Record != 2 || !strings.Contains(pe.Error(), "record 2 (byte 40): the record is not a valid Event message (field Event.5 is malformed)") {
		t.Errorf("malformed Event: %v", err)
	}
}
