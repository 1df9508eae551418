package core

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"

	"concierge/knowledge"
	"concierge/knowledge/assist/textscan"
	"concierge/knowledge/editorial"
)

// maxLinkTargets bounds [[ autocomplete.
const maxLinkTargets = 20

// LinkTargets offers up to 20 drafts, articles in review and published
// articles whose id or title (or a word of it) starts with prefix.
func (c *Core) LinkTargets(ctx context.Context, prefix string) ([]LinkTarget, error) {
	if err := c.reader(); err != nil {
		return nil, err
	}
	list, err := c.store.List(ctx, knowledge.ListFilter{Statuses: openStatuses, WithoutBodies: true})
	if err != nil {
		return nil, err
	}
	out := []LinkTarget{}
	for _, a := range editorial.LinkCandidates(list, prefix, maxLinkTargets) {
		out = append(out, LinkTarget{ID: a.ID, Title: a.Title, Department: a.Department})
	}
	return out, nil
}

// Preview renders Markdown with the renderer agents see and lists the
// article links, marking those to articles that do not exist. Signals
// lists text that reads as instructions to an AI or hides characters from
// readers: the suggestion engine never lets such passages ground a
// verified sentence, so the editor is told while writing.
func (c *Core) Preview(ctx context.Context, md string) (Preview, error) {
	if err := c.reader(); err != nil {
		return Preview{}, err
	}
	r, err := c.renderer.Render([]byte(md))
	if err != nil {
		return Preview{}, fmt.Errorf("the preview could not be rendered: %w", err)
	}
	hashes, err := c.store.Hashes(ctx)
	if err != nil {
		return Preview{}, err
	}
	p := Preview{HTML: r.HTML, Headings: []Heading{}, Links: []string{}, BrokenLinks: []string{}, Signals: nonNil(textscan.Scan(md))}
	for _, h := range r.Headings {
		p.Headings = append(p.Headings, Heading{Level: h.Level, Text: h.Text, ID: h.ID})
	}
	for _, id := range r.ArticleLinks {
		p.Links = append(p.Links, id)
		if _, ok := hashes[id]; !ok {
			p.BrokenLinks = append(p.BrokenLinks, id)
		}
	}
	return p, nil
}

// AddAttachment stores an image sent as base64 (or a data URL) for the
// article and returns its Markdown path attachments/<articleId>/<name>.
func (c *Core) AddAttachment(articleID, fileName, base64Data string) (Attachment, error) {
	if _, err := c.editor(); err != nil {
		return Attachment{}, err
	}
	articleID = strings.TrimSpace(articleID)
	if !knowledge.ValidID(articleID) {
		return Attachment{}, fmt.Errorf("save the article before adding images (%q is not an article id)", articleID)
	}
	b64 := strings.TrimSpace(base64Data)
	if strings.HasPrefix(b64, "data:") { // a data URL from FileReader
		if i := strings.Index(b64, ";base64,"); i >= 0 {
			b64 = b64[i+len(";base64,"):]
		}
	}
	if base64.StdEncoding.DecodedLen(len(b64)) > editorial.MaxAttachmentBytes+3 {
		return Attachment{}, fmt.Errorf("%s is larger than 5 MB; make the image smaller", fileName)
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return Attachment{}, fmt.Errorf("%s could not be read (the upload is damaged)", fileName)
	}
	p, err := editorial.StoreAttachment(c.dataDir, articleID, fileName, data)
	if err != nil {
		return Attachment{}, err
	}
	return Attachment{Path: p}, nil
}
