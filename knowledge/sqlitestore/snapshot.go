package sqlitestore

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"sync"
)

// Version snapshots are stored compressed. Every article's current text is
// in the articles table and each of its versions in article_versions, so
// a freshly imported knowledge base held its Markdown twice: 100,000
// articles (395 MB of Markdown) made an 800 MB database, and the data
// folder went over twice the Markdown (issue 9). A snapshot is the JSON of
// the article; compressed, it is stored as a BLOB that starts with
// snapshotMagic, which JSON (always "{…") never does, so rows written
// before, as TEXT, read as they are and nothing needs migrating.
var snapshotMagic = []byte{0, 'Z', '1'}

// snapshotCodec compresses and inflates snapshots, reusing its DEFLATE
// coders: a new writer allocates about a megabyte, more than the import of
// the article, and a new reader some 40 KB, more than the article read
// (every article read inflates the snapshot holding its body, bodyref.go).
// The zero value is ready to use.
type snapshotCodec struct {
	writers sync.Pool // idle *flate.Writer
	readers sync.Pool // idle flate readers (io.ReadCloser and flate.Resetter)
}

// encode returns the stored form of a JSON snapshot: DEFLATE at the
// fastest level (imports are write-heavy; text still shrinks about
// threefold) behind snapshotMagic.
func (c *snapshotCodec) encode(js []byte) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(len(js)/2 + len(snapshotMagic) + 16)
	b.Write(snapshotMagic)
	w, _ := c.writers.Get().(*flate.Writer)
	if w == nil {
		var err error
		if w, err = flate.NewWriter(&b, flate.BestSpeed); err != nil {
			return nil, err
		}
	} else {
		w.Reset(&b)
	}
	defer c.writers.Put(w)
	if _, err := w.Write(js); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// decode returns the JSON of a stored snapshot, compressed or not.
func (c *snapshotCodec) decode(raw []byte) ([]byte, error) {
	if !bytes.HasPrefix(raw, snapshotMagic) {
		return raw, nil
	}
	z := bytes.NewReader(raw[len(snapshotMagic):])
	r, _ := c.readers.Get().(io.ReadCloser)
	if r == nil {
		r = flate.NewReader(z)
	} else if err := r.(flate.Resetter).Reset(z, nil); err != nil {
		return nil, fmt.Errorf("compressed snapshot: %w", err)
	}
	defer c.readers.Put(r)
	var js bytes.Buffer
	js.Grow(2 * len(raw))
	if _, err := js.ReadFrom(r); err != nil {
		return nil, fmt.Errorf("compressed snapshot: %w", err)
	}
	return js.Bytes(), nil
}
