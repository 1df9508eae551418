package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"concierge/knowledge"
	"concierge/knowledge/core"
)

// FileSaver is implemented by openers that can show a native save dialog
// (the Wails runtime; the browser harness returns a preset path).
type FileSaver interface {
	// SaveFile returns the chosen file path, or "" when cancelled.
	SaveFile(title, defaultName string) (string, error)
}

// ReviewService is the supervisor review: which suggestions were shown,
// used, edited or discarded, with evidence, charts, the ledger's chain
// check and export. Agents get only their own history.
type ReviewService struct{ app *App }

// List returns one page of suggestion sets matching f.
func (s *ReviewService) List(f knowledge.ReviewFilter) (core.ReviewPage, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().ReviewList(ctx, f)
}

// Detail returns one suggestion set with its diff and the passages as they
// read in the article versions it cited.
func (s *ReviewService) Detail(setID string) (core.ReviewDetail, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().ReviewDetail(ctx, setID)
}

// Dashboard aggregates the suggestion sets matching f (paging ignored).
func (s *ReviewService) Dashboard(f knowledge.ReviewFilter) (core.Dashboard, error) {
	ctx, cancel := s.app.call(scanCall)
	defer cancel()
	return s.app.cur().Dashboard(ctx, f)
}

// Verify checks the ledger's hash chain.
func (s *ReviewService) Verify() (knowledge.ChainReport, error) {
	ctx, cancel := s.app.call(scanCall)
	defer cancel()
	return s.app.cur().VerifyLedger(ctx)
}

// ExportResult says where an export went; Path is "" when the user
// cancelled the save dialog.
type ExportResult struct {
	Path   string `json:"path"`
	Events int    `json:"events"`
}

// Export asks where to save, then streams the events of the sets matching
// f (the filtered view) to that file as "csv" or "json" (JSON Lines). The
// file is written beside the target and renamed when complete, so a
// failed export never leaves a partial file under the chosen name.
func (s *ReviewService) Export(format string, f knowledge.ReviewFilter) (ExportResult, error) {
	if format != "csv" && format != "json" {
		return ExportResult{}, fmt.Errorf("choose csv or json for the export, not %q", format)
	}
	saver, ok := s.app.runtimeOpener().(FileSaver)
	if !ok {
		return ExportResult{}, errors.New("the window is not ready to show a save dialog yet")
	}
	ext := map[string]string{"csv": ".csv", "json": ".jsonl"}[format]
	path, err := saver.SaveFile("Export the suggestion ledger", "concierge-ledger"+ext)
	if err != nil {
		return ExportResult{}, fmt.Errorf("the save dialog failed: %w", err)
	}
	if strings.TrimSpace(path) == "" {
		return ExportResult{}, nil
	}
	ctx, cancel := s.app.call(bulkCall)
	defer cancel()
	tmp, err := os.CreateTemp(filepath.Dir(path), ".concierge-export-*")
	if err != nil {
		return ExportResult{}, fmt.Errorf("cannot write in %s; choose another folder: %w", filepath.Dir(path), err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	n, err := s.app.cur().ExportLedger(ctx, tmp, format, f)
	if err != nil {
		return ExportResult{}, err
	}
	if err := tmp.Sync(); err != nil {
		return ExportResult{}, fmt.Errorf("the export could not be written; check the disk: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return ExportResult{}, fmt.Errorf("the export could not be written; check the disk: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return ExportResult{}, fmt.Errorf("the export could not be saved as %s: %w", path, err)
	}
	return ExportResult{Path: path, Events: n}, nil
}
