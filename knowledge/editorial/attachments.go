package editorial

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/importer"
	"concierge/knowledge/markdown"
)

// MaxAttachmentBytes bounds one attachment.
const MaxAttachmentBytes = 5 << 20

// AttachmentURLPrefix is where the window serves attachments
// (/kb-files/<articleId>/<name>); the renderer rewrites attachment paths to it.
const AttachmentURLPrefix = markdown.AttachmentURLPrefix

// AttachmentsDir is the folder of attachments inside the data directory.
const AttachmentsDir = "attachments"

// ErrNoAttachment: no servable attachment by that name.
var ErrNoAttachment = errors.New("no such attachment")

// imageExt maps the sniffed content types accepted as attachments.
var imageExt = map[string]string{
	"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp",
}

// attachmentName is what StoreAttachment produces.
var attachmentName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,127}\.(png|jpg|jpeg|gif|webp)$`)

// StoreAttachment keeps an image (PNG, JPEG, GIF or WebP, recognised by its
// content, at most MaxAttachmentBytes) under
// <dataDir>/attachments/<articleID>/ and returns its Markdown path
// attachments/<articleID>/<name>. The same bytes under the same name are
// stored once; another image with a taken name gets -2, -3….
func StoreAttachment(dataDir, articleID, fileName string, data []byte) (string, error) {
	if !knowledge.ValidID(articleID) {
		return "", fmt.Errorf("save the article before adding images (%q is not an article id)", articleID)
	}
	if len(data) > MaxAttachmentBytes {
		return "", fmt.Errorf("%s is larger than 5 MB; make the image smaller", fileName)
	}
	if len(data) == 0 {
		return "", fmt.Errorf("%s is empty", fileName)
	}
	ctype := http.DetectContentType(data)
	ext, ok := imageExt[ctype]
	if !ok {
		return "", fmt.Errorf("%s is not a PNG, JPEG, GIF or WebP image (it looks like %s)", fileName, ctype)
	}
	base := filepath.Base(strings.ReplaceAll(fileName, `\`, "/"))
	stem := importer.Slugify(strings.TrimSuffix(base, filepath.Ext(base)))
	if len(stem) > 80 {
		stem = strings.TrimRight(stem[:80], "-_.")
	}
	if stem == "" {
		stem = "image"
	}
	dir := filepath.Join(dataDir, AttachmentsDir, articleID)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("cannot store the image: %w", err)
	}
	for n := 1; n < 1000; n++ {
		name := stem + ext
		if n > 1 {
			name = fmt.Sprintf("%s-%d%s", stem, n, ext)
		}
		p := filepath.Join(dir, name)
		if old, err := os.ReadFile(p); err == nil {
			if string(old) == string(data) {
				return AttachmentsDir + "/" + articleID + "/" + name, nil
			}
			continue
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("cannot store the image: %w", err)
		}
		_, werr := f.Write(data)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(p)
			return "", fmt.Errorf("cannot store the image: %w", werr)
		}
		return AttachmentsDir + "/" + articleID + "/" + name, nil
	}
	return "", errors.New("too many images with that name; rename the file")
}

// OpenedAttachment is an attachment ready to serve; Close it.
type OpenedAttachment struct {
	io.ReadSeekCloser
	ContentType string
	ModTime     time.Time
}

// OpenAttachment opens <dataDir>/attachments/<articleID>/<name> for
// serving: only names StoreAttachment makes, only regular files of at most
// MaxAttachmentBytes whose sniffed type is an accepted image, and through
// os.Root so that no path can leave the folder. Anything else is
// ErrNoAttachment.
func OpenAttachment(dataDir, articleID, name string) (*OpenedAttachment, error) {
	if !knowledge.ValidID(articleID) || !attachmentName.MatchString(name) {
		return nil, ErrNoAttachment
	}
	root, err := os.OpenRoot(filepath.Join(dataDir, AttachmentsDir))
	if err != nil {
		return nil, ErrNoAttachment
	}
	defer root.Close()
	f, err := root.Open(articleID + "/" + name)
	if err != nil {
		return nil, ErrNoAttachment
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > MaxAttachmentBytes {
		f.Close()
		return nil, ErrNoAttachment
	}
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	ctype := http.DetectContentType(head[:n])
	if _, ok := imageExt[ctype]; !ok {
		f.Close()
		return nil, ErrNoAttachment
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, ErrNoAttachment
	}
	return &OpenedAttachment{ReadSeekCloser: f, ContentType: ctype, ModTime: fi.ModTime()}, nil
}
