package embed

import "math/bits"

// featAcc is one feature of a text being embedded.
type featAcc struct {
	w float64 // largest single-occurrence weight
	n int     // occurrences (0: the slot is empty)
}

// featTable accumulates the features of one text: an open-addressing hash
// table (linear probing) that remembers which slots it filled, so reading
// and resetting it cost the features of this text, not the table's size.
// A Go map pooled across texts grew to the largest text seen, and every
// later text paid for iterating and clearing all of it (a quarter of the
// embedder's time).
type featTable struct {
	keys  []uint64
	accs  []featAcc
	used  []int32 // filled slots, in the order first filled
	shift uint    // 64 − log2(len(keys))
}

func newFeatTable(logSize uint) *featTable {
	t := &featTable{}
	t.alloc(logSize)
	return t
}

func (t *featTable) alloc(logSize uint) {
	t.keys = make([]uint64, 1<<logSize)
	t.accs = make([]featAcc, 1<<logSize)
	t.shift = 64 - logSize
}

// slot returns the index of key f's slot (filled or the empty one where
// it goes). Feature keys are FNV hashes; Fibonacci hashing spreads them.
func (t *featTable) slot(f uint64) int {
	mask := len(t.keys) - 1
	i := int((f * 0x9E3779B97F4A7C15) >> t.shift)
	for t.accs[i].n != 0 && t.keys[i] != f {
		i = (i + 1) & mask
	}
	return i
}

// add records n occurrences of feature f, each of weight w.
func (t *featTable) add(f uint64, w float64, n int) {
	i := t.slot(f)
	a := &t.accs[i]
	if a.n == 0 {
		if 2*(len(t.used)+1) > len(t.keys) { // keep the load at most 1/2
			t.grow()
			i = t.slot(f)
			a = &t.accs[i]
		}
		t.keys[i] = f
		t.used = append(t.used, int32(i))
	}
	a.w = max(a.w, w)
	a.n += n
}

func (t *featTable) grow() {
	keys, accs, used := t.keys, t.accs, t.used
	t.alloc(uint(bits.Len(uint(len(keys)))))
	t.used = make([]int32, 0, cap(used))
	for _, i := range used {
		j := t.slot(keys[i])
		t.keys[j], t.accs[j] = keys[i], accs[i]
		t.used = append(t.used, int32(j))
	}
}

// each calls fn with every feature and its accumulator, in the order the
// features were first added.
func (t *featTable) each(fn func(f uint64, a featAcc)) {
	for _, i := range t.used {
		fn(t.keys[i], t.accs[i])
	}
}

func (t *featTable) len() int { return len(t.used) }

// reset empties the table, keeping its size.
func (t *featTable) reset() {
	for _, i := range t.used {
		t.accs[i] = featAcc{}
	}
	t.used = t.used[:0]
}
