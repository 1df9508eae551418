package search

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// vecSegment is the vector segment file of one embedder: an append-only log
// (see logFile) of "article vectors" entries — article id, content hash,
// and its passage vectors as stored in memory (per row a float32 scale and
// dims int8 values) — and tombstones. The entry is the unit of
// atomicity, so the hash (the vector side of the manifest) can never
// disagree with the vectors beside it; it is written incrementally, one
// append per batch. Replaced and deleted vectors stay in the file until a
// compaction at load time rewrites it when they outweigh the live ones.
type vecSegment struct {
	log  *logFile
	rows int // rows written to the file, live or dead
}

const (
	entVectors    = 'A'
	entVecDelete  = 'D'
	segmentSuffix = ".vec"
)

// segmentPath names the segment of an embedder in vdir.
func segmentPath(vdir, embedderID string) string {
	sum := sha256.Sum256([]byte(embedderID))
	return filepath.Join(vdir, hex.EncodeToString(sum[:8])+segmentSuffix)
}

// removeLegacyVectors deletes what older versions kept in vdir (chromem-go
// collections, one gob file per passage, and JSON manifests): the vectors
// are re-embedded into segments by Reconcile.
func removeLegacyVectors(vdir string) {
	ents, err := os.ReadDir(vdir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if e.IsDir() || strings.HasPrefix(e.Name(), "manifest-") {
			os.RemoveAll(filepath.Join(vdir, e.Name()))
		}
	}
}

// loadVectors opens (creating) the segment at path and loads its vectors.
// Vectors of another dimension than dims are dropped (the embedder
// changed its output under the same ID): Reconcile re-embeds them.
func loadVectors(ctx context.Context, path string, dims int) (*vectorStore, error) {
	v := newVectorStore(dims)
	if st, err := os.Stat(path); err == nil {
		// Each row takes dims+4 bytes in the file (plus entry headers): an
		// upper bound of the rows, so the scan's arrays are allocated once
		// instead of growing by a quarter at a time (at 100k articles the
		// slack of growth was tens of megabytes).
		v.reserve(int(st.Size()) / (dims + 4))
	}
	seg := &vecSegment{}
	log, err := openLog(path, func(p []byte, _ int64) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := &decoder{b: p}
		switch d.byte() {
		case entVectors:
			aid, hash := d.str(), d.str()
			dm, n := int(d.uvarint()), int(d.uvarint())
			if d.err != nil || dm <= 0 || n*(dm+4) != len(d.b) {
				return errDamaged
			}
			seg.rows += n
			v.dropRows([]string{aid})
			delete(v.hashes, aid)
			if dm != dims {
				return nil
			}
			row := make([]float32, dims)
			ids := ordinalIDs(aid, n)
			for i := 0; i < n; i++ {
				rec := d.b[i*(dims+4):]
				scale := math.Float32frombits(binary.LittleEndian.Uint32(rec))
				for j, c := range rec[4 : 4+dims] {
					row[j] = float32(int8(c)) * scale
				}
				v.appendRow(ids[i], aid, row)
			}
			v.hashes[aid] = hash
		case entVecDelete:
			for k := d.count(); k > 0 && d.err == nil; k-- {
				aid := d.str()
				v.dropRows([]string{aid})
				delete(v.hashes, aid)
			}
		default:
			return errDamaged
		}
		return d.err
	})
	if errors.Is(err, errDamaged) {
		// A well-framed entry that does not parse: start the segment over.
		os.Remove(path)
		return loadVectors(ctx, path, dims)
	}
	if err != nil {
		return nil, err
	}
	seg.log = log
	v.seg = seg
	if dead := seg.rows - v.len(); dead > 4096 && dead > v.len() {
		if err := seg.compact(v); err != nil {
			log.close()
			return nil, err
		}
	}
	v.trim()
	return v, nil
}

// appendVectors encodes the quantized rows of a (q, scales).
func appendVectors(e *encoder, a vecArticle, dims int) {
	e.byte(entVectors)
	e.str(a.aid)
	e.str(a.hash)
	e.uvarint(uint64(dims))
	e.uvarint(uint64(len(a.scales)))
	for j, s := range a.scales {
		e.b = binary.LittleEndian.AppendUint32(e.b, math.Float32bits(s))
		for _, c := range a.q[j*dims : (j+1)*dims] {
			e.b = append(e.b, byte(c))
		}
	}
}

// put appends the vectors of the articles in one write.
func (s *vecSegment) put(arts []vecArticle, dims int) error {
	var b []byte
	e := &encoder{}
	rows := 0
	for _, a := range arts {
		e.b = e.b[:0]
		appendVectors(e, a, dims)
		b = frame(b, e.b)
		rows += len(a.scales)
	}
	if _, err := s.log.appendFramed(b); err != nil {
		return err
	}
	s.rows += rows
	return nil
}

// remove appends a tombstone for the articles.
func (s *vecSegment) remove(aids []string) error {
	if len(aids) == 0 {
		return nil
	}
	e := &encoder{}
	e.byte(entVecDelete)
	e.uvarint(uint64(len(aids)))
	for _, aid := range aids {
		e.str(aid)
	}
	_, err := s.log.appendFramed(frame(nil, e.b))
	return err
}

// compact rewrites the segment with the live vectors of v only.
func (s *vecSegment) compact(v *vectorStore) error {
	aids := make([]string, 0, len(v.hashes))
	for aid := range v.hashes {
		aids = append(aids, aid)
	}
	sort.Strings(aids)
	err := s.log.rewrite(func(w io.Writer) error {
		e := &encoder{}
		for _, aid := range aids {
			a := vecArticle{aid: aid, hash: v.hashes[aid]}
			// The int8 codes survive the round trip through the collection's
			// normalised float32 exactly (quantisation is scale-invariant);
			// only the per-row scale changes, which cosine ignores.
			for _, id := range v.byArticle[aid] {
				q := make([]int8, v.dims)
				a.scales = append(a.scales, quantize(q, v.vector(id)))
				a.q = append(a.q, q...)
			}
			e.b = e.b[:0]
			appendVectors(e, a, v.dims)
			if _, err := w.Write(frame(nil, e.b)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.rows = v.len()
	return nil
}

func (s *vecSegment) close() error { return s.log.close() }

// ordinalIDs returns the passage ids aid#0 … aid#n-1, sharing one string:
// a string is an object the collector visits, and at 100k articles there
// are 400k passage ids.
func ordinalIDs(aid string, n int) []string {
	var b strings.Builder
	ends := make([]int, n)
	for i := range n {
		b.WriteString(aid)
		b.WriteByte('#')
		b.WriteString(strconv.Itoa(i))
		ends[i] = b.Len()
	}
	all, out, at := b.String(), make([]string, n), 0
	for i, end := range ends {
		out[i], at = all[at:end], end
	}
	return out
}
