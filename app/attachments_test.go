package app

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"concierge/knowledge/core"
	"concierge/knowledge/editorial"
)

func pngBytes(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAttachmentsPreviewAndLinks(t *testing.T) {
	a := newEditorApp(t, false, "Ann", "editor")
	e := a.Editor
	target, err := e.Create(core.ArticleInput{Title: "Refund policy", Body: "Refunds."})
	if err != nil {
		t.Fatal(err)
	}
	art, err := e.Create(core.ArticleInput{Title: "Receipts", Body: "x"})
	if err != nil {
		t.Fatal(err)
	}
	img := pngBytes(t)
	att, err := e.AddAttachment(art.ID, "../../My Receipt!.PNG", base64.StdEncoding.EncodeToString(img))
	if err != nil {
		t.Fatal(err)
	}
	if att.Path != "attachments/receipts/my-receipt.png" {
		t.Fatalf("attachment path %q", att.Path)
	}
	if b, err := os.ReadFile(filepath.Join(a.cur().DataDir(), "attachments", "receipts", "my-receipt.png")); err != nil || !bytes.Equal(b, img) {
		t.Fatalf("stored image: %v", err)
	}
	// Same name, other content: a new name; a data URL works too.
	img2 := append(append([]byte(nil), img...), 0)
	att2, err := e.AddAttachment(art.ID, "my receipt.png", "data:image/png;base64,"+base64.StdEncoding.EncodeToString(img2))
	if err != nil || att2.Path != "attachments/receipts/my-receipt-2.png" {
		t.Fatalf("second attachment: %+v %v", att2, err)
	}
	for name, data := range map[string][]byte{
		"evil.png":  []byte("<script>alert(1)</script>"),
		"page.html": []byte("<!DOCTYPE html><html><body>x</body></html>"),
		"big.png":   append(append([]byte(nil), img...), make([]byte, editorial.MaxAttachmentBytes)...),
	} {
		if _, err := e.AddAttachment(art.ID, name, base64.StdEncoding.EncodeToString(data)); err == nil {
			t.Errorf("%s was accepted", name)
		}
	}
	if _, err := e.AddAttachment("../etc", "a.png", base64.StdEncoding.EncodeToString(img)); err == nil {
		t.Error("a bad article id was accepted")
	}

	p, err := e.Preview("# Receipts\n\nSee [[" + target.ID + "]] and [[no-such-article]].\n\n![receipt](" + att.Path + ")\n\n![x](../../etc/passwd)\n<script>alert(1)</script>\n")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.HTML, `src="/kb-files/receipts/my-receipt.png"`) || strings.Contains(p.HTML, "passwd") || strings.Contains(p.HTML, "<script") {
		t.Fatalf("preview html: %s", p.HTML)
	}
	if strings.Join(p.Links, ",") != target.ID+",no-such-article" || strings.Join(p.BrokenLinks, ",") != "no-such-article" || len(p.Headings) != 1 {
		t.Fatalf("preview links: %+v", p)
	}

	// The attachment handler serves images only, from inside the folder.
	h := AttachmentHandler(a.cur().DataDir())
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path = path
		h.ServeHTTP(rec, req)
		return rec
	}
	rec := get("/kb-files/receipts/my-receipt.png")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/png" || rec.Header().Get("X-Content-Type-Options") != "nosniff" || !bytes.Equal(rec.Body.Bytes(), img) {
		t.Fatalf("serve attachment: %d %v", rec.Code, rec.Header())
	}
	os.WriteFile(filepath.Join(a.cur().DataDir(), "attachments", "receipts", "fake.png"), []byte("<html><script>alert(1)</script>"), 0o600)
	os.WriteFile(filepath.Join(a.cur().DataDir(), "secret.png"), img, 0o600)
	for _, bad := range []string{
		"/kb-files/receipts/fake.png", "/kb-files/../secret.png", "/kb-files/receipts/../../secret.png",
		"/kb-files/receipts/..%2f..%2fsecret.png", "/kb-files/..%2F..%2Fconcierge.db", "/kb-files/receipts",
		"/kb-files/receipts/missing.png", "/kb-files/receipts/x.svg",
	} {
		if rec := get(bad); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d", bad, rec.Code)
		}
	}

	lt, err := e.LinkTargets("ref")
	if err != nil || len(lt) != 1 || lt[0].ID != target.ID {
		t.Fatalf("link targets: %+v %v", lt, err)
	}
	if lt, _ := e.LinkTargets("[[rec"); len(lt) != 1 || lt[0].ID != "receipts" {
		t.Fatalf("link targets with [[: %+v", lt)
	}
	if lt, _ := e.LinkTargets("policy"); len(lt) != 1 { // a word of the title
		t.Fatalf("word prefix: %+v", lt)
	}
}
