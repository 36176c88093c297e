package model

import (
	"encoding/binary"
	"math"
	"runtime"
)

// The packed inference layout holds one feature bucket in a 32-byte
// block, two to a cache line: the cue tagger's 3 labels as int16, then
// the role tagger's 5 slots of 5 labels as int8. Extraction is bound by
// the latency of first touching each bucket, and at half the size of the
// int16 layout the table (8 MB) stays in the caches far better; the role
// weights lose nothing measurable at 8 bits (dev F1 within 0.001).
//
// Weights are stored biased (w+32768, w+128) so the sums can add several
// labels with one 64-bit addition (SWAR): a token's features are summed
// in 16- and 32-bit lanes and the bias taken off at the end.
const (
	blockSize   = 32
	cueLabels   = 3
	roleLabels  = 5
	roleSlots   = 5
	roleWeights = roleSlots * roleLabels
	roleOffset  = 2 * cueLabels // byte offset of the role weights
	// maxLaneFeats bounds the features summed before the 16-bit role
	// lanes could carry into each other (255 per feature).
	maxLaneFeats = 256
)

// Which part of a packed block a tagger reads.
const (
	partNone int8 = iota
	partCue
	partRole
)

// pack builds the packed layout when the taggers have the shapes it
// holds (the cue tagger at the start of each block, the role tagger
// right after it) and frees the int16 table; otherwise it leaves t as it
// is and inference reads Q.
func (t *Table) pack(cue, role *Perceptron) {
	if t.Q == nil || t.Stride < cueLabels+roleWeights ||
		cue.Base != 0 || len(cue.Labels) != cueLabels || role.Base != cueLabels || len(role.Labels) != roleLabels {
		return
	}
	var maxRole int
	for b := 0; b < 1<<t.Bits; b++ {
		for _, v := range t.Q[b*t.Stride+cueLabels : b*t.Stride+cueLabels+roleWeights] {
			maxRole = max(maxRole, abs(int(v)))
		}
	}
	k := max(1, float64(maxRole)/127)
	// One spare block at the end: the 8-byte loads of the last slot of
	// the last block read past it.
	packed := allocTable(t, (1<<t.Bits+1)*blockSize)
	for b := 0; b < 1<<t.Bits; b++ {
		row, out := t.Q[b*t.Stride:], packed[b*blockSize:]
		for i, v := range row[:cueLabels] {
			binary.LittleEndian.PutUint16(out[2*i:], uint16(int32(v)+32768))
		}
		for i, v := range row[cueLabels : cueLabels+roleWeights] {
			out[roleOffset+i] = byte(int(max(-127, min(127, math.Round(float64(v)/k)))) + 128)
		}
	}
	t.packed = packed
	cue.part, cue.scale = partCue, t.Scale
	role.part, role.scale = partRole, t.Scale*float32(k)
	t.Q = nil
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// emissionsPacked is emissionsQ for a packed table.
func (p *Perceptron) emissionsPacked(s *Seq, em []float32, sink *int16) {
	tab, mask, scale := p.T.packed, p.T.mask(), p.scale
	n := s.Len()
	for i := 0; i < n; i++ {
		feats := s.Feats[s.Offs[i]:s.Offs[i+1]]
		if p.part == partCue {
			if i+1 < n {
				*sink |= touch(tab, s.Feats[s.Offs[i+1]:s.Offs[i+2]], mask)
			}
			a0, a1, a2 := sum3(tab, feats, mask)
			out := em[i*cueLabels : i*cueLabels+cueLabels]
			out[0], out[1], out[2] = float32(a0)*scale, float32(a1)*scale, float32(a2)*scale
			continue
		}
		var a [roleLabels]int32
		sumRole(tab, feats, mask, roleOffset, &a)
		if s.Under != nil {
			sumRole(tab, s.underFeats(i), mask, roleOffset+int(s.Slots[i])*roleLabels, &a)
		}
		out := em[i*roleLabels : i*roleLabels+roleLabels]
		for k := range out {
			out[k] = float32(a[k]) * scale
		}
	}
	// tab may lie outside the Go heap (alloc_linux.go), released when the
	// table is collected: keep the table alive until the reads are done.
	runtime.KeepAlive(p.T)
}

// sumRole adds to a the role weights at byte offset off of the features'
// blocks, maxLaneFeats at a time. The slot is off's, not the features'.
func sumRole(tab []byte, feats []uint32, mask uint32, off int, a *[roleLabels]int32) {
	for len(feats) > 0 {
		part := feats[:min(len(feats), maxLaneFeats)]
		a0, a1, a2, a3, a4 := sum5(tab, part, mask, off)
		a[0], a[1], a[2], a[3], a[4] = a[0]+a0, a[1]+a1, a[2]+a2, a[3]+a3, a[4]+a4
		feats = feats[len(part):]
	}
}

// sum3 and sum5 are the hot loops of extraction, kept in functions of
// their own so the compiler keeps the sums in registers.
//
// sum3 adds labels 0 and 2 in the 32-bit lanes of one register, label 1
// in another.
//
//go:noinline
func sum3(tab []byte, feats []uint32, mask uint32) (a0, a1, a2 int32) {
	var even, odd uint64
	for _, h := range feats {
		o := int(h>>SlotBits&mask) * blockSize
		u := binary.LittleEndian.Uint64(tab[o : o+8])
		even += u & 0x0000ffff0000ffff
		odd += u >> 16 & 0xffff
	}
	bias := int64(len(feats)) * 32768
	return int32(int64(even&0xffffffff) - bias), int32(int64(odd) - bias), int32(int64(even>>32) - bias)
}

// sum5 adds labels 0, 2, 4 in the 16-bit lanes of one register and 1, 3
// in another, from byte off of each feature's block (the role slot); at
// most maxLaneFeats features.
//
//go:noinline
func sum5(tab []byte, feats []uint32, mask uint32, off int) (a0, a1, a2, a3, a4 int32) {
	const lanes = 0x00ff00ff00ff00ff
	var even, odd uint64
	for _, h := range feats {
		o := int(h>>SlotBits&mask)*blockSize + off
		u := binary.LittleEndian.Uint64(tab[o : o+8])
		even += u & lanes
		odd += u >> 8 & lanes
	}
	bias := int32(len(feats)) * 128
	return int32(even&0xffff) - bias, int32(odd&0xffff) - bias, int32(even>>16&0xffff) - bias,
		int32(odd>>16&0xffff) - bias, int32(even>>32&0xffff) - bias
}

// touch reads the first weight of each block the next token's features
// use, so its cache lines are on their way while this token is summed:
// the cue pass, which meets each block first, is bound by memory latency.
// The caller keeps the result so the reads are not optimised away.
//
//go:noinline
func touch(tab []byte, feats []uint32, mask uint32) (s int16) {
	for _, h := range feats {
		s |= int16(tab[int(h>>SlotBits&mask)*blockSize])
	}
	return s
}
