package search

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// recordStore keeps the per-article records (content hash, metadata,
// passage headings) in records.log and the passage texts in a texts file,
// both append-only and written incrementally: an upsert appends its
// articles' texts and records, a delete appends a tombstone. Nothing is
// rewritten per batch, so the cost of a write does not grow with the size
// of the knowledge base (Bleve internal values were copied into every
// persisted snapshot, which made root.bolt grow quadratically).
//
// Only the records live in memory; passage texts are read from the texts
// file when a result is shown.
//
// Crash consistency with Bleve: a record is appended before the Bleve batch
// holding its passages, tagged with the batch's sequence number, and a
// commit entry for that number is appended once Bleve reports the batch
// persisted. On open, a record without its commit is dropped, so its
// article becomes an orphan (passages in Bleve, no record) that Reconcile
// purges and indexes again. The first entry names the texts file, so that a
// compaction (new texts file, new log, rename) is atomic.
type recordStore struct {
	dir   string
	log   *logFile
	texts *logFile
	pk    *packer // passage texts are stored compressed (packed.go)

	mu        sync.Mutex
	seq       uint64
	liveTexts int64 // bytes of texts referenced by live records
}

const (
	recordsFile = "records.log"
	textsPrefix = "texts-"

	entTexts  = 'G' // name of the texts file
	entPut    = 'P' // a record whose passage texts are stored as they are
	entPacked = 'Z' // a record whose passage texts are one packed block
	entCommit = 'C' // the Bleve batch with this sequence number is persisted
	entDelete = 'D' // tombstones
)

// openRecords loads the records in dir (creating the files) and returns
// the committed ones.
func openRecords(dir string) (rs *recordStore, recs map[string]*artRec, err error) {
	path := filepath.Join(dir, recordsFile)
	recs = map[string]*artRec{}
	pending := map[string]uint64{} // id → sequence of its uncommitted record
	bySeq := map[uint64][]string{}
	rs = &recordStore{dir: dir, pk: newPacker()}
	textsName := ""
	syms := map[string]string{}
	log, err := openLog(path, func(p []byte, _ int64) error {
		d := &decoder{b: p, syms: syms}
		switch d.byte() {
		case entTexts:
			textsName = d.str()
		case entPut, entPacked:
			seq := d.uvarint()
			rec := decodeRec(d, p[0] == entPacked)
			if d.err != nil {
				return d.err
			}
			recs[rec.id] = rec
			pending[rec.id] = seq
			bySeq[seq] = append(bySeq[seq], rec.id)
			rs.seq = max(rs.seq, seq)
		case entCommit:
			seq := d.uvarint()
			for _, id := range bySeq[seq] {
				if pending[id] == seq {
					delete(pending, id)
				}
			}
			delete(bySeq, seq)
		case entDelete:
			for n := d.count(); n > 0 && d.err == nil; n-- {
				id := d.str()
				delete(recs, id)
				delete(pending, id)
			}
		default:
			return errDamaged
		}
		return d.err
	})
	if errors.Is(err, errDamaged) {
		// Unreadable records: start over; Bleve is rebuilt with them.
		os.Remove(path)
		return openRecords(dir)
	}
	if err != nil {
		return nil, nil, err
	}
	rs.log = log
	for id := range pending {
		delete(recs, id)
	}
	if textsName == "" || strings.ContainsAny(textsName, `/\`) {
		textsName = textsPrefix + "0.dat"
		if _, err := log.appendFramed(frame(nil, textsEntry(textsName))); err != nil {
			log.close()
			return nil, nil, err
		}
	}
	if rs.texts, err = openRaw(filepath.Join(dir, textsName)); err != nil {
		log.close()
		return nil, nil, err
	}
	removeOtherTexts(dir, textsName)
	end := rs.texts.len()
	for id, r := range recs {
		for _, p := range r.Passages {
			if p.off+p.stored() > end { // its text was lost: index it again
				delete(recs, id)
				break
			}
		}
		if recs[id] != nil {
			rs.liveTexts += r.textBytes()
		}
	}
	rs.seq++
	return rs, recs, nil
}

func textsEntry(name string) []byte {
	e := &encoder{}
	e.byte(entTexts)
	e.str(name)
	return e.b
}

func removeOtherTexts(dir, keep string) {
	ms, _ := filepath.Glob(filepath.Join(dir, textsPrefix+"*.dat"))
	for _, m := range ms {
		if filepath.Base(m) != keep {
			os.Remove(m)
		}
	}
}

// openRaw opens an unframed append-only file (the texts).
func openRaw(path string) (*logFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrIndex, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%w: %v", ErrIndex, err)
	}
	return &logFile{path: path, f: f, size: fi.Size()}, nil
}

// putEntry appends the log entry of r, written in batch seq.
func putEntry(e *encoder, seq uint64, r *artRec) {
	if r.packed() {
		e.byte(entPacked)
	} else {
		e.byte(entPut)
	}
	e.uvarint(seq)
	encodeRec(e, r)
}

// encodeRec encodes r. The passages of a packed record share one block:
// its offset and size come once, then each passage's length (they follow
// one another in the block).
func encodeRec(e *encoder, r *artRec) {
	e.str(r.id)
	e.str(r.Hash)
	e.str(r.Title)
	e.str(r.Department)
	e.uvarint(uint64(len(r.Tags)))
	for _, t := range r.Tags {
		e.str(t)
	}
	e.str(r.Language)
	e.str(r.Audience)
	e.str(r.Status)
	e.str(r.Owner)
	e.uvarint(uint64(max(r.Version, 0)))
	e.uvarint(uint64(len(r.Passages)))
	if r.packed() {
		e.uvarint(uint64(r.Passages[0].off))
		e.uvarint(uint64(r.Passages[0].z))
	}
	for _, p := range r.Passages {
		e.uvarint(uint64(len(p.Headings)))
		for _, h := range p.Headings {
			e.str(h)
		}
		if !r.packed() {
			e.uvarint(uint64(p.off))
		}
		e.uvarint(uint64(p.n))
	}
}

func decodeRec(d *decoder, packed bool) *artRec {
	var head [3]string
	d.strs(head[:])
	r := &artRec{id: head[0], Hash: head[1], Title: head[2], Department: d.sym()}
	if n := d.count(); n > 0 {
		r.Tags = make([]string, n)
		for i := range r.Tags {
			r.Tags[i] = d.sym()
		}
	}
	r.Language, r.Audience, r.Status, r.Owner = d.sym(), d.sym(), d.sym(), d.sym()
	r.Version = int(d.uvarint())
	if n := d.count(); n > 0 {
		r.Passages = make([]passRec, n)
		var off int64
		var z, at uint32
		if packed {
			off, z = int64(d.uvarint()), uint32(d.uvarint())
			if z == 0 {
				d.err = errDamaged // put never writes an empty block
			}
		}
		for i := range r.Passages {
			p := &r.Passages[i]
			if k := d.count(); k > 0 {
				p.Headings = make([]string, k)
				for j := range p.Headings {
					p.Headings[j] = d.sym()
				}
				if i > 0 && slices.Equal(p.Headings, r.Passages[i-1].Headings) {
					p.Headings = r.Passages[i-1].Headings // one slice for a section's passages
				}
			}
			if packed {
				p.off, p.z, p.at = off, z, at
			} else {
				p.off = int64(d.uvarint())
			}
			p.n = uint32(d.uvarint())
			at += p.n
		}
	}
	return r
}

// put appends the texts and records of recs (whose passages carry their
// Text) and returns the batch's sequence number for commit. The records'
// passages then refer to the texts file, and their Text is dropped.
func (rs *recordStore) put(recs []*artRec) (uint64, error) {
	rs.mu.Lock()
	seq := rs.seq
	rs.seq++
	rs.mu.Unlock()
	var texts []byte
	base := rs.texts.len()
	for _, r := range recs {
		var err error
		if texts, err = rs.pk.pack(texts, base, r, nil); err != nil {
			return 0, err
		}
	}
	if at, err := rs.texts.appendFramed(texts); err != nil {
		return 0, err
	} else if at != base {
		return 0, fmt.Errorf("%w: texts file written concurrently", ErrIndex)
	}
	var b []byte
	e := &encoder{}
	for _, r := range recs {
		e.b = e.b[:0]
		putEntry(e, seq, r)
		b = frame(b, e.b)
	}
	if _, err := rs.log.appendFramed(b); err != nil {
		return 0, err
	}
	rs.mu.Lock()
	for _, r := range recs {
		for i := range r.Passages {
			r.Passages[i].Text = ""
		}
		rs.liveTexts += r.textBytes()
	}
	rs.mu.Unlock()
	return seq, nil
}

// replaced accounts for records no longer live (replaced or deleted).
func (rs *recordStore) replaced(old *artRec) {
	if old == nil {
		return
	}
	rs.mu.Lock()
	rs.liveTexts -= old.textBytes()
	rs.mu.Unlock()
}

// commit marks batch seq as persisted in Bleve.
func (rs *recordStore) commit(seq uint64) error {
	e := &encoder{}
	e.byte(entCommit)
	e.uvarint(seq)
	_, err := rs.log.appendFramed(frame(nil, e.b))
	return err
}

// remove appends tombstones for ids.
func (rs *recordStore) remove(ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	e := &encoder{}
	e.byte(entDelete)
	e.uvarint(uint64(len(ids)))
	for _, id := range ids {
		e.str(id)
	}
	_, err := rs.log.appendFramed(frame(nil, e.b))
	return err
}

// text reads a passage's text.
func (rs *recordStore) text(p passRec) (string, error) {
	if p.n == 0 {
		return "", nil
	}
	if p.z > 0 {
		return rs.pk.text(rs.texts, p)
	}
	b, err := rs.texts.readAt(p.off, int(p.n))
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// compactable reports whether most of the files is dead weight.
func (rs *recordStore) compactable() bool {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	dead := rs.texts.len() - rs.liveTexts
	return dead > 16<<20 && dead > rs.liveTexts
}

// compact rewrites both files with the live records only (recs, all
// committed). The new texts file gets a new name, and the new log names
// it; the rename of the log is the switch.
func (rs *recordStore) compact(recs map[string]*artRec) error {
	name := filepath.Base(rs.texts.path)
	gen, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, textsPrefix), ".dat"))
	newName := fmt.Sprintf("%s%d.dat", textsPrefix, gen+1)
	newPath := filepath.Join(rs.dir, newName)
	nt, err := os.OpenFile(newPath, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("%w: compact texts: %v", ErrIndex, err)
	}
	// Every record is packed anew, so compaction also packs the texts of
	// records written before packing.
	moved := make(map[string][]passRec, len(recs))
	var off int64
	var buf []byte
	texts := []string{}
	for id, r := range recs {
		cp := &artRec{Passages: append([]passRec(nil), r.Passages...)}
		texts = texts[:0]
		var err error
		for _, p := range cp.Passages {
			var t string
			if t, err = rs.text(p); err != nil {
				break
			}
			texts = append(texts, t)
		}
		if err == nil {
			buf, err = rs.pk.pack(buf[:0], off, cp, texts)
		}
		if err == nil {
			_, err = nt.WriteAt(buf, off)
		}
		if err != nil {
			nt.Close()
			os.Remove(newPath)
			return fmt.Errorf("%w: compact texts: %v", ErrIndex, err)
		}
		off += int64(len(buf))
		moved[id] = cp.Passages
	}
	if err := nt.Sync(); err != nil {
		nt.Close()
		os.Remove(newPath)
		return fmt.Errorf("%w: compact texts: %v", ErrIndex, err)
	}
	err = rs.log.rewrite(func(w io.Writer) error {
		if _, err := w.Write(frame(nil, textsEntry(newName))); err != nil {
			return err
		}
		e := &encoder{}
		for id, r := range recs {
			cp := *r
			cp.Passages = moved[id]
			e.b = e.b[:0]
			putEntry(e, 0, &cp)
			if _, err := w.Write(frame(nil, e.b)); err != nil {
				return err
			}
		}
		e.b = e.b[:0]
		e.byte(entCommit)
		e.uvarint(0)
		_, err := w.Write(frame(nil, e.b))
		return err
	})
	if err != nil {
		nt.Close()
		os.Remove(newPath)
		return err
	}
	for id, r := range recs {
		r.Passages = moved[id]
	}
	old := rs.texts
	rs.texts = &logFile{path: newPath, f: nt, size: off}
	rs.pk.forget() // its cached blocks are at offsets of the old file
	old.close()
	os.Remove(old.path)
	rs.mu.Lock()
	rs.liveTexts = off
	rs.seq = 1
	rs.mu.Unlock()
	return nil
}

func (rs *recordStore) close() error {
	return errors.Join(rs.log.close(), rs.texts.close())
}

// textBytes is the size of r's passage texts in the texts file.
func (r *artRec) textBytes() int64 {
	if r.packed() {
		return int64(r.Passages[0].z)
	}
	var n int64
	for _, p := range r.Passages {
		n += int64(p.n)
	}
	return n
}

// packed reports whether r's passage texts are one packed block.
func (r *artRec) packed() bool { return len(r.Passages) > 0 && r.Passages[0].z > 0 }
