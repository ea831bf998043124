package trainlog

import (
	"bufio"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"math"
	"strconv"

	"google.golang.org/protobuf/encoding/protowire"
)

// An event file (events.out.tfevents.*) is a sequence of TFRecords, each
//
//	uint64 length, little-endian
//	uint32 masked CRC-32C of the length's 8 bytes
//	length bytes of data: a serialized tensorflow.Event
//	uint32 masked CRC-32C of the data
//
// with the mask ((crc >> 15) | (crc << 17)) + 0xa282ead8 (TensorFlow's
// core/lib/hash/crc32c.h). The Event messages it reads (tensorflow's
// event.proto, summary.proto and tensor.proto), by field number:
//
//	Event:        2 step (int64), 5 summary (Summary)
//	Summary:      1 value (repeated Value)
//	Value:        1 tag (string), 2 simple_value (float), 8 tensor (TensorProto),
//	              9 metadata (SummaryMetadata: 1 plugin_data, whose 1 is plugin_name)
//	TensorProto:  1 dtype, 2 tensor_shape (2 dim, repeated; a dim's 1 is its size),
//	              4 tensor_content (little-endian bytes), 5 float_val, 6 double_val,
//	              7 int_val, 10 int64_val, 13 half_val (packed or not)
//
// PyTorch's SummaryWriter and tensorboardX write a scalar as simple_value;
// TensorFlow 2's tf.summary.scalar writes a rank-0 tensor with the "scalars"
// plugin and its value in tensor_content.

// tfRecordMask is added to the rotated CRC of a TFRecord.
const tfRecordMask = 0xa282ead8

// castagnoli is CRC-32C's table.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// maskedCRC returns the masked CRC-32C of b.
func maskedCRC(b []byte) uint32 {
	c := crc32.Checksum(b, castagnoli)
	return (c>>15 | c<<17) + tfRecordMask
}

// isTFEvents reports whether head begins with a TFRecord header: an 8-byte
// length and its masked CRC.
func isTFEvents(head []byte) bool {
	return len(head) >= 12 && maskedCRC(head[:8]) == binary.LittleEndian.Uint32(head[8:12])
}

// maxRecord is the largest record readTFEvents parses; larger ones (graphs,
// images) are checked and skipped.
const maxRecord = 1 << 24

// TensorFlow's DataType numbers for the scalars readTFEvents reads.
const (
	dtFloat    = 1
	dtDouble   = 2
	dtInt32    = 3
	dtInt64    = 9
	dtBfloat16 = 14
	dtHalf     = 19
)

// readTFEvents reads an event file's scalar summaries: one Series per tag,
// its steps the events' steps, its "lines" the record numbers. Images,
// histograms, text and other non-scalar summaries are skipped. A file that
// ends inside a record is read up to the last whole record and a note says
// where it stopped (a file still being written usually ends so); a record
// whose checksum is wrong is an error naming the record and its offset.
func readTFEvents(br *bufio.Reader) (*Log, error) {
	log := &Log{Format: TFEvents, StepName: "step"}
	tags := map[string]*Series{}
	var (
		hdr    [12]byte
		foot   [4]byte
		data   []byte
		offset int64
		record int
	)
	stopped := func() {
		log.Notes = append(log.Notes, msg("note.stopped", "record", strconv.Itoa(record), "offset", strconv.FormatInt(offset, 10)))
	}
	fail := func(code string, kv ...string) *ParseError {
		e := newError(0, 0, "", "", code, kv...)
		e.Record, e.Offset = record, offset
		return e
	}
	readFailed := func(err error) error {
		e := fail("read.failed", "reason", err.Error())
		e.Err = err
		return e
	}
	for {
		record++
		n, err := io.ReadFull(br, hdr[:])
		switch {
		case n == 0 && err == io.EOF:
			return log, nil
		case errors.Is(err, io.ErrUnexpectedEOF):
			stopped()
			return log, nil
		case err != nil:
			return nil, readFailed(err)
		}
		if maskedCRC(hdr[:8]) != binary.LittleEndian.Uint32(hdr[8:]) {
			return nil, fail("tfevents.crc.length")
		}
		length := binary.LittleEndian.Uint64(hdr[:8])
		crc := uint32(0)
		if length > maxRecord {
			// Check the record's checksum without keeping it.
			h := crc32.New(castagnoli)
			m, err := io.CopyN(h, br, int64(min(length, math.MaxInt64)))
			if err != nil || uint64(m) < length {
				if err == nil || err == io.EOF {
					stopped()
					return log, nil
				}
				return nil, readFailed(err)
			}
			c := h.Sum32()
			crc = (c>>15 | c<<17) + tfRecordMask
			data = data[:0]
		} else {
			if uint64(cap(data)) < length {
				data = make([]byte, length)
			}
			data = data[:length]
			if _, err := io.ReadFull(br, data); err != nil {
				if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
					stopped()
					return log, nil
				}
				return nil, readFailed(err)
			}
			crc = maskedCRC(data)
		}
		if _, err := io.ReadFull(br, foot[:]); err != nil {
			if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
				stopped()
				return log, nil
			}
			return nil, readFailed(err)
		}
		if crc != binary.LittleEndian.Uint32(foot[:]) {
			return nil, fail("tfevents.crc.data")
		}
		if length <= maxRecord {
			field, err := event(data, func(tag string, step int64, v float64) error {
				s := tags[tag]
				if s == nil {
					if len(tags) == maxTags {
						return nil
					}
					t := &table{records: true}
					log.tables = append(log.tables, t)
					s = &Series{Name: tag, Role: roleOf(tag)}
					t.newColumn(s)
					tags[tag] = s
					log.Series = append(log.Series, s)
				}
				t := s.t
				if len(t.step) == MaxRows {
					return fail("rows.many", "max", strconv.Itoa(MaxRows))
				}
				r := t.addRow(float64(step), record)
				t.set(r, 0, v)
				s.Points++
				if !math.IsNaN(v) && !math.IsInf(v, 0) {
					s.Finite++
				}
				return nil
			})
			if field != "" {
				return nil, fail("tfevents.proto", "field", field)
			}
			if err != nil {
				return nil, err
			}
		}
		offset += 16 + int64(length)
	}
}

// maxTags bounds the tags readTFEvents keeps.
const maxTags = 1 << 12

// event parses an Event message and calls scalar for each scalar summary
// value it holds. It returns the name of the message and field that is
// malformed, if one is, or scalar's first error.
func event(b []byte, scalar func(tag string, step int64, v float64) error) (bad string, err error) {
	var step int64
	var summaries [][]byte
	each(b, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) {
		switch {
		case num == 2 && typ == protowire.VarintType:
			step = int64(x)
		case num == 5 && typ == protowire.BytesType:
			summaries = append(summaries, v)
		}
	}, &bad, "Event")
	if bad != "" {
		return bad, nil
	}
	for _, sm := range summaries {
		var values [][]byte
		each(sm, func(num protowire.Number, typ protowire.Type, v []byte, _ uint64) {
			if num == 1 && typ == protowire.BytesType {
				values = append(values, v)
			}
		}, &bad, "Summary")
		for _, val := range values {
			tag, v, ok := summaryValue(val, &bad)
			if bad != "" {
				return bad, nil
			}
			if ok {
				if err := scalar(tag, step, v); err != nil {
					return "", err
				}
			}
		}
		if bad != "" {
			return bad, nil
		}
	}
	return "", nil
}

// summaryValue returns a Summary.Value's tag and its scalar, if it holds
// one: a simple_value, or a rank-0 (or single-element) numeric tensor of the
// "scalars" plugin or of none.
func summaryValue(b []byte, bad *string) (tag string, v float64, ok bool) {
	var tensor []byte
	simple, plugin := false, ""
	each(b, func(num protowire.Number, typ protowire.Type, f []byte, x uint64) {
		switch {
		case num == 1 && typ == protowire.BytesType:
			tag = string(f)
		case num == 2 && typ == protowire.Fixed32Type:
			v, simple = float64(math.Float32frombits(uint32(x))), true
		case num == 8 && typ == protowire.BytesType:
			tensor = f
		case num == 9 && typ == protowire.BytesType:
			each(f, func(num protowire.Number, typ protowire.Type, pd []byte, _ uint64) {
				if num == 1 && typ == protowire.BytesType {
					each(pd, func(num protowire.Number, typ protowire.Type, name []byte, _ uint64) {
						if num == 1 && typ == protowire.BytesType {
							plugin = string(name)
						}
					}, bad, "PluginData")
				}
			}, bad, "SummaryMetadata")
		}
	}, bad, "Summary.Value")
	switch {
	case *bad != "":
		return "", 0, false
	case simple:
		return tag, v, true
	case tensor != nil && (plugin == "" || plugin == "scalars"):
		v, ok = tensorScalar(tensor, bad)
		return tag, v, ok
	}
	return "", 0, false
}

// tensorScalar returns the value of a TensorProto holding one number.
func tensorScalar(b []byte, bad *string) (float64, bool) {
	var (
		dtype   uint64
		content []byte
		vals    []float64
		size    = int64(1)
	)
	each(b, func(num protowire.Number, typ protowire.Type, f []byte, x uint64) {
		switch num {
		case 1:
			dtype = x
		case 2: // tensor_shape: multiply the dims' sizes
			each(f, func(num protowire.Number, typ protowire.Type, dim []byte, _ uint64) {
				if num == 2 && typ == protowire.BytesType {
					each(dim, func(num protowire.Number, typ protowire.Type, _ []byte, x uint64) {
						if num == 1 && typ == protowire.VarintType {
							size *= int64(x)
						}
					}, bad, "TensorShapeProto.Dim")
				}
			}, bad, "TensorShapeProto")
		case 4:
			content = f
		case 5, 6, 7, 10, 13:
			vals = appendNumbers(vals, num, typ, f, x, bad)
		}
	}, bad, "TensorProto")
	if *bad != "" || size != 1 {
		return 0, false
	}
	if len(vals) > 0 {
		return vals[0], true
	}
	le := binary.LittleEndian
	switch {
	case dtype == dtFloat && len(content) == 4:
		return float64(math.Float32frombits(le.Uint32(content))), true
	case dtype == dtDouble && len(content) == 8:
		return math.Float64frombits(le.Uint64(content)), true
	case dtype == dtInt32 && len(content) == 4:
		return float64(int32(le.Uint32(content))), true
	case dtype == dtInt64 && len(content) == 8:
		return float64(int64(le.Uint64(content))), true
	case dtype == dtHalf && len(content) == 2:
		return half(le.Uint16(content)), true
	case dtype == dtBfloat16 && len(content) == 2:
		return float64(math.Float32frombits(uint32(le.Uint16(content)) << 16)), true
	}
	return 0, false
}

// appendNumbers appends the numbers of a repeated numeric field of a
// TensorProto, packed or not: 5 float, 6 double, 7 int32, 10 int64, 13 half
// (the 16 bits of an IEEE half, or of a bfloat16, in an int32).
func appendNumbers(vals []float64, num protowire.Number, typ protowire.Type, f []byte, x uint64, bad *string) []float64 {
	one := func(x uint64) float64 {
		switch num {
		case 5:
			return float64(math.Float32frombits(uint32(x)))
		case 6:
			return math.Float64frombits(x)
		case 7:
			return float64(int32(x))
		case 10:
			return float64(int64(x))
		}
		return half(uint16(x))
	}
	if typ != protowire.BytesType {
		return append(vals, one(x))
	}
	for len(f) > 0 {
		var v uint64
		var n int
		switch num {
		case 5:
			var u uint32
			u, n = protowire.ConsumeFixed32(f)
			v = uint64(u)
		case 6:
			v, n = protowire.ConsumeFixed64(f)
		default:
			v, n = protowire.ConsumeVarint(f)
		}
		if n < 0 {
			*bad = "TensorProto." + strconv.Itoa(int(num))
			return vals
		}
		vals = append(vals, one(v))
		f = f[n:]
	}
	return vals
}

// half returns the value of an IEEE 754 half-precision number.
func half(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	e, m := int(h>>10&0x1f), float64(h&0x3ff)
	switch e {
	case 0:
		return sign * math.Ldexp(m, -24)
	case 0x1f:
		if m == 0 {
			return math.Inf(int(sign))
		}
		return math.NaN()
	}
	return sign * math.Ldexp(1024+m, e-25)
}

// each calls field for every field of the message b: its number, its wire
// type, its bytes (for the bytes type) and its integer value (for varint,
// fixed32 and fixed64). A malformed field stops it and sets *bad to
// "message.number" (message.tag when not even the tag reads).
func each(b []byte, field func(num protowire.Number, typ protowire.Type, v []byte, x uint64), bad *string, message string) {
	for len(b) > 0 && *bad == "" {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			*bad = message + ".tag"
			return
		}
		b = b[n:]
		var v []byte
		var x uint64
		switch typ {
		case protowire.VarintType:
			x, n = protowire.ConsumeVarint(b)
		case protowire.Fixed32Type:
			var u uint32
			u, n = protowire.ConsumeFixed32(b)
			x = uint64(u)
		case protowire.Fixed64Type:
			x, n = protowire.ConsumeFixed64(b)
		case protowire.BytesType:
			v, n = protowire.ConsumeBytes(b)
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			*bad = message + "." + strconv.Itoa(int(num))
			return
		}
		field(num, typ, v, x)
		b = b[n:]
	}
}
