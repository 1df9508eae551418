package search

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// readManifest loads an id → content hash map. A missing or corrupt file
// yields an empty map: Reconcile then re-embeds what is missing, which is
// always safe.
func readManifest(path string) map[string]string {
	m := map[string]string{}
	if path == "" {
		return m
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return m
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return map[string]string{}
	}
	return m
}

// writeManifest writes m atomically: temp file, then rename. There is no
// fsync: after a power loss the file may be stale or empty, which only
// makes Reconcile re-embed more than necessary; it is never wrong.
func writeManifest(path string, m map[string]string) error {
	if path == "" {
		return nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("%w: manifest: %v", ErrIndex, err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".manifest-*")
	if err != nil {
		return fmt.Errorf("%w: manifest: %v", ErrIndex, err)
	}
	tmp := f.Name()
	_, werr := f.Write(b)
	cerr := f.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp)
		return fmt.Errorf("%w: manifest write: %v %v", ErrIndex, werr, cerr)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%w: manifest rename: %v", ErrIndex, err)
	}
	return nil
}
