package search

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"sync"
)

// The passage texts of an article are stored as one packed block: the
// texts one after another, DEFLATE-compressed at the fastest level. They
// were a second copy of every article body, stored as they are: 26 MB of
// the data folder for 28 MB of Markdown at 10,000 articles (issue 9, data
// folder ≤ 2× the Markdown). One block per article rather than one per
// passage because passages are a few hundred bytes, too short to compress
// well alone; a search reads several passages of the same article in a
// row, which the cache of recently inflated blocks serves.
//
// A packed record is logged as entPacked, so records written before (as
// entPut) keep reading their texts as they are, and compaction packs them.

// packCache is how many inflated blocks the packer keeps: a search shows
// up to a few dozen passages of a handful of articles.
const packCache = 16

// packer compresses and inflates blocks, reusing its coders (a DEFLATE
// writer allocates about a megabyte) and caching the last blocks read.
type packer struct {
	writers sync.Pool
	readers sync.Pool

	mu     sync.Mutex
	cached [packCache]packedBlock
	next   int
}

type packedBlock struct {
	off  int64
	text []byte // nil: empty slot
}

func newPacker() *packer { return &packer{} }

// pack appends to dst the block of r's passage texts (texts[i], or the
// passages' Text when texts is nil) and points r's passages at it: the
// block starts at base+len(dst) in the texts file.
func (pk *packer) pack(dst []byte, base int64, r *artRec, texts []string) ([]byte, error) {
	if len(r.Passages) == 0 {
		return dst, nil
	}
	start := len(dst)
	var b bytes.Buffer
	w, _ := pk.writers.Get().(*flate.Writer)
	if w == nil {
		var err error
		if w, err = flate.NewWriter(&b, flate.BestSpeed); err != nil {
			return dst, fmt.Errorf("%w: pack texts: %v", ErrIndex, err)
		}
	} else {
		w.Reset(&b)
	}
	defer pk.writers.Put(w)
	var at uint32
	for i := range r.Passages {
		p := &r.Passages[i]
		t := p.Text
		if texts != nil {
			t = texts[i]
		}
		if _, err := io.WriteString(w, t); err != nil {
			return dst, fmt.Errorf("%w: pack texts: %v", ErrIndex, err)
		}
		p.at, p.n = at, uint32(len(t))
		at += p.n
	}
	if err := w.Close(); err != nil {
		return dst, fmt.Errorf("%w: pack texts: %v", ErrIndex, err)
	}
	dst = append(dst, b.Bytes()...)
	z := uint32(len(dst) - start)
	for i := range r.Passages {
		r.Passages[i].off, r.Passages[i].z = base+int64(start), z
	}
	return dst, nil
}

// text returns the text of passage p of a packed record, its block read
// from texts.
func (pk *packer) text(texts *logFile, p passRec) (string, error) {
	block, err := pk.block(texts, p.off, p.z)
	if err != nil {
		return "", err
	}
	end := uint64(p.at) + uint64(p.n)
	if end > uint64(len(block)) {
		return "", fmt.Errorf("%w: packed texts at %d: passage ends at %d of %d bytes", ErrIndex, p.off, end, len(block))
	}
	return string(block[p.at:end]), nil
}

// block returns the inflated block of z bytes at off. The result is
// shared with the cache: read only.
func (pk *packer) block(texts *logFile, off int64, z uint32) ([]byte, error) {
	pk.mu.Lock()
	for _, c := range pk.cached {
		if c.text != nil && c.off == off {
			pk.mu.Unlock()
			return c.text, nil
		}
	}
	pk.mu.Unlock()
	raw, err := texts.readAt(off, int(z))
	if err != nil {
		return nil, err
	}
	r, _ := pk.readers.Get().(io.ReadCloser)
	if r == nil {
		r = flate.NewReader(bytes.NewReader(raw))
	} else if err := r.(flate.Resetter).Reset(bytes.NewReader(raw), nil); err != nil {
		return nil, fmt.Errorf("%w: packed texts at %d: %v", ErrIndex, off, err)
	}
	defer pk.readers.Put(r)
	var b bytes.Buffer
	b.Grow(3 * int(z))
	if _, err := b.ReadFrom(r); err != nil {
		return nil, fmt.Errorf("%w: packed texts at %d are damaged: %v", ErrIndex, off, err)
	}
	text := b.Bytes()
	if text == nil {
		text = []byte{}
	}
	pk.mu.Lock()
	pk.cached[pk.next] = packedBlock{off: off, text: text}
	pk.next = (pk.next + 1) % packCache
	pk.mu.Unlock()
	return text, nil
}

// forget empties the cache (the texts file was replaced).
func (pk *packer) forget() {
	pk.mu.Lock()
	pk.cached = [packCache]packedBlock{}
	pk.mu.Unlock()
}
