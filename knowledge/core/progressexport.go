package core

import (
	"context"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"

	"concierge/knowledge"
)

// RenderProgressUpdate renders a progress update as the agent edited it to
// sanitised HTML (the preview beside the editor, and what is copied as
// HTML).
func (c *Core) RenderProgressUpdate(markdown string) (string, error) {
	if err := checkUpdateText(markdown); err != nil {
		return "", err
	}
	res, err := c.renderer.Render([]byte(markdown))
	if err != nil {
		return "", fmt.Errorf("render the progress update: %w", err)
	}
	return res.HTML, nil
}

// ExportedFile is a file an export wrote.
type ExportedFile struct {
	Path string `json:"path"`
}

// ExportProgressUpdate writes a progress update (as edited) into folder as
// Markdown (format "md") or as a standalone HTML page ("html": the
// sanitised rendering inside a page whose Content-Security-Policy allows no
// script, no remote content), named after the request and the day. The
// file is written atomically and never replaces an existing one.
func (c *Core) ExportProgressUpdate(ctx context.Context, requestID, markdown, format, folder string) (ExportedFile, error) {
	if err := checkUpdateText(markdown); err != nil {
		return ExportedFile{}, err
	}
	r, err := c.requireRequest(ctx, requestID)
	if err != nil {
		return ExportedFile{}, err
	}
	if strings.TrimSpace(folder) == "" {
		return ExportedFile{}, knowledge.Errorf(knowledge.ErrInvalid, "choose a folder to save the progress update in")
	}
	var data []byte
	switch format {
	case "md":
		data = []byte(markdown)
	case "html":
		body, err := c.RenderProgressUpdate(markdown)
		if err != nil {
			return ExportedFile{}, err
		}
		data = []byte(`<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>` + html.EscapeString("Progress update: "+oneLine(r.Subject)) + `</title>
<style>body{font-family:sans-serif;max-width:40em;margin:2em auto;line-height:1.5}</style>
</head><body>
` + body + `
</body></html>
`)
	default:
		return ExportedFile{}, knowledge.Errorf(knowledge.ErrInvalid, "export format %q is not \"md\" or \"html\"", format)
	}
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return ExportedFile{}, fmt.Errorf("cannot create the folder %s: %w", folder, err)
	}
	base := fmt.Sprintf("progress-%s-%s", r.ID, c.now().Local().Format("2006-01-02"))
	tmp, err := os.CreateTemp(folder, ".progress-*.tmp")
	if err != nil {
		return ExportedFile{}, fmt.Errorf("cannot write in %s: %w", folder, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return ExportedFile{}, fmt.Errorf("write the progress update: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return ExportedFile{}, fmt.Errorf("write the progress update: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return ExportedFile{}, fmt.Errorf("write the progress update: %w", err)
	}
	for i := 1; i <= 100; i++ {
		name := base + "." + format
		if i > 1 {
			name = fmt.Sprintf("%s-%d.%s", base, i, format)
		}
		path := filepath.Join(folder, name)
		// Link, not rename: it fails when the name is taken, so nothing is
		// ever replaced.
		if err := os.Link(tmp.Name(), path); err == nil {
			return ExportedFile{Path: path}, nil
		} else if !os.IsExist(err) {
			return ExportedFile{}, fmt.Errorf("save %s: %w", path, err)
		}
	}
	return ExportedFile{}, fmt.Errorf("%s already holds 100 progress updates of this request for today; choose another folder", folder)
}

func checkUpdateText(markdown string) error {
	if strings.TrimSpace(markdown) == "" {
		return knowledge.Errorf(knowledge.ErrInvalid, "the progress update is empty: write it or produce it again")
	}
	if len(markdown) > knowledge.MaxMessageLen*4 {
		return knowledge.Errorf(knowledge.ErrInvalid, "the progress update is too long to export; shorten it")
	}
	return nil
}
