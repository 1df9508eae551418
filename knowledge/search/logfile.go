package search

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// logFile is an append-only file of framed entries: a 4-byte length, a
// 4-byte CRC-32C of the payload, then the payload. Appends are incremental
// (only the new entries are written); a crash can only leave a torn tail,
// which replay detects by its length or checksum and cuts off, so the file
// always holds a prefix of what was appended. Whole-file rewrites
// (compaction) go through a temporary file and a rename.
type logFile struct {
	mu   sync.Mutex
	path string
	f    *os.File
	size int64
}

var crcTable = crc32.MakeTable(crc32.Castagnoli)

const frameHeader = 8

// maxEntry bounds one entry, so a corrupt length cannot make replay
// allocate gigabytes.
const maxEntry = 1 << 30

// openLog opens (creating) the log at path and replays it: fn receives
// every intact entry's payload (valid only during the call) and the file
// offset where the payload starts. A torn or corrupt tail is truncated.
func openLog(path string, fn func(payload []byte, off int64) error) (*logFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrIndex, err)
	}
	l := &logFile{path: path, f: f}
	good, err := replay(f, fn)
	if err != nil {
		f.Close()
		return nil, err
	}
	if fi, err := f.Stat(); err == nil && fi.Size() != good {
		if err := f.Truncate(good); err != nil {
			f.Close()
			return nil, fmt.Errorf("%w: truncate torn log %s: %v", ErrIndex, path, err)
		}
	}
	l.size = good
	return l, nil
}

// replay reads entries until the end or the first damaged one and returns
// the offset just past the last intact entry.
func replay(f *os.File, fn func(payload []byte, off int64) error) (int64, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0, fmt.Errorf("%w: %v", ErrIndex, err)
	}
	r := bufio.NewReaderSize(f, 1<<20)
	var (
		off int64
		hdr [frameHeader]byte
		buf []byte
	)
	for {
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return off, nil // end, or a torn header
		}
		n := binary.LittleEndian.Uint32(hdr[:4])
		if n > maxEntry {
			return off, nil
		}
		if cap(buf) < int(n) {
			buf = make([]byte, n)
		}
		buf = buf[:n]
		if _, err := io.ReadFull(r, buf); err != nil {
			return off, nil
		}
		if crc32.Checksum(buf, crcTable) != binary.LittleEndian.Uint32(hdr[4:]) {
			return off, nil
		}
		if err := fn(buf, off+frameHeader); err != nil {
			return off, err
		}
		off += frameHeader + int64(n)
	}
}

// frame appends one framed payload to dst.
func frame(dst, payload []byte) []byte {
	var hdr [frameHeader]byte
	binary.LittleEndian.PutUint32(hdr[:4], uint32(len(payload)))
	binary.LittleEndian.PutUint32(hdr[4:], crc32.Checksum(payload, crcTable))
	return append(append(dst, hdr[:]...), payload...)
}

// appendFramed writes already framed entries (see frame) at the end and
// returns the offset where they start.
func (l *logFile) appendFramed(b []byte) (int64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return 0, ErrClosed
	}
	at := l.size
	if _, err := l.f.WriteAt(b, at); err != nil {
		// Cut off whatever part was written, so the next append starts
		// on a frame boundary.
		_ = l.f.Truncate(at)
		return 0, fmt.Errorf("%w: append %s: %v", ErrIndex, filepath.Base(l.path), err)
	}
	l.size += int64(len(b))
	return at, nil
}

// readAt reads n bytes at off.
func (l *logFile) readAt(off int64, n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := l.f.ReadAt(b, off); err != nil {
		return nil, fmt.Errorf("%w: read %s: %v", ErrIndex, filepath.Base(l.path), err)
	}
	return b, nil
}

func (l *logFile) len() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.size
}

func (l *logFile) close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// rewrite replaces the file by what write produces, atomically: write goes
// to a temporary file in the same folder, which is synced and renamed over
// the log; the log then continues on the new file.
func (l *logFile) rewrite(write func(w io.Writer) error) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	tmp, err := os.CreateTemp(filepath.Dir(l.path), "."+filepath.Base(l.path)+"-*")
	if err != nil {
		return fmt.Errorf("%w: compact: %v", ErrIndex, err)
	}
	bw := bufio.NewWriterSize(tmp, 1<<20)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("%w: compact %s: %v", ErrIndex, filepath.Base(l.path), err)
	}
	if err := os.Rename(tmp.Name(), l.path); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("%w: compact %s: %v", ErrIndex, filepath.Base(l.path), err)
	}
	fi, err := tmp.Stat()
	if err != nil {
		tmp.Close()
		return fmt.Errorf("%w: compact: %v", ErrIndex, err)
	}
	if l.f != nil {
		l.f.Close()
	}
	l.f, l.size = tmp, fi.Size()
	return nil
}

// errDamaged marks a log entry that parses badly although its checksum
// holds (a bug or a foreign file): the log is then discarded.
var errDamaged = errors.New("damaged entry")

// encoder builds entry payloads.
type encoder struct{ b []byte }

func (e *encoder) byte(c byte)      { e.b = append(e.b, c) }
func (e *encoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) str(s string) {
	e.uvarint(uint64(len(s)))
	e.b = append(e.b, s...)
}

// decoder reads entry payloads; the first error sticks.
type decoder struct {
	b   []byte
	err error
	// syms, when set, interns the strings read by sym (see there).
	syms map[string]string
}

func (d *decoder) byte() byte {
	if d.err != nil || len(d.b) == 0 {
		d.err = errDamaged
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errDamaged
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) str() string {
	return string(d.raw())
}

// raw reads a string's bytes without copying them (valid as long as the
// decoded buffer).
func (d *decoder) raw() []byte {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errDamaged
		return nil
	}
	b := d.b[:n]
	d.b = d.b[n:]
	return b
}

// strs reads len(dst) strings into dst, sharing one copy of their bytes
// (one object for the collector to visit instead of len(dst)).
func (d *decoder) strs(dst []string) {
	parts := make([][]byte, len(dst))
	for i := range parts {
		if parts[i] = d.raw(); d.err != nil {
			return
		}
	}
	all := string(bytes.Join(parts, nil))
	for i, p := range parts {
		dst[i], all = all[:len(p)], all[len(p):]
	}
}

// sym reads a string that many records repeat (a department, a language,
// a heading), sharing one copy per value through syms. At 100k articles
// the records held 1.2M strings, which every garbage collection walks; the
// distinct values of these fields are a few thousand. syms stops growing
// at maxSyms values, so that a field of unique values costs no more than
// str.
func (d *decoder) sym() string {
	b := d.raw()
	if s, ok := d.syms[string(b)]; ok {
		return s
	}
	s := string(b)
	if d.syms != nil && len(d.syms) < maxSyms {
		d.syms[s] = s
	}
	return s
}

const maxSyms = 1 << 16

// count reads a length that must be plausible for the bytes left.
func (d *decoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.err = errDamaged
		return 0
	}
	return int(n)
}
