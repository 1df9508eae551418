package app

import (
	"net/http"
	"strings"

	"concierge/knowledge/editorial"
)

// AttachmentHandler serves <dataDir>/attachments/<articleId>/<name> at
// /kb-files/<articleId>/<name>: GET and HEAD only, images only (the type is
// sniffed from the content and must be PNG, JPEG, GIF or WebP), with
// nosniff, and through os.Root so that no path can leave the folder
// (editorial.OpenAttachment).
func AttachmentHandler(dataDir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		rest, ok := strings.CutPrefix(r.URL.Path, editorial.AttachmentURLPrefix)
		id, name, ok2 := strings.Cut(rest, "/")
		if !ok || !ok2 {
			http.NotFound(w, r)
			return
		}
		f, err := editorial.OpenAttachment(dataDir, id, name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		w.Header().Set("Content-Type", f.ContentType)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, "", f.ModTime, f)
	})
}
