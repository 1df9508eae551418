package app

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ErrUnsafeURL: only web and mail links may leave the app.
var ErrUnsafeURL = errors.New("only http, https and mailto links can be opened")

// SystemService bridges to the operating system.
type SystemService struct{ app *App }

// OpenExternal opens a web or mail link in the system browser, never inside
// the app's webview.
func (s *SystemService) OpenExternal(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return fmt.Errorf("%w: %q is not a valid link", ErrUnsafeURL, raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return fmt.Errorf("%w: %q has no host", ErrUnsafeURL, raw)
		}
	case "mailto":
	default:
		return fmt.Errorf("%w (got %q)", ErrUnsafeURL, u.Scheme)
	}
	o := s.app.runtimeOpener()
	if o == nil {
		return errors.New("the window is not ready to open links yet")
	}
	return o.OpenURL(u.String())
}

// CopyToClipboard puts the agent's final reply on the clipboard.
func (s *SystemService) CopyToClipboard(text string) error {
	o := s.app.runtimeOpener()
	if o == nil {
		return errors.New("the window is not ready yet")
	}
	if err := o.SetClipboard(text); err != nil {
		return fmt.Errorf("could not copy to the clipboard: %w", err)
	}
	return nil
}

// ComposeMail opens the system mail client with a reply addressed to the
// customer. Concierge itself sends nothing.
func (s *SystemService) ComposeMail(to, subject, body string) error {
	u := url.URL{Scheme: "mailto", Opaque: url.PathEscape(strings.TrimSpace(to))}
	q := url.Values{}
	if subject != "" {
		q.Set("subject", subject)
	}
	q.Set("body", body)
	u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	return s.OpenExternal(u.String())
}

// PickFolder shows the native folder dialog and returns the chosen folder,
// or "" when the user cancels (used by the editor's import and export).
func (s *SystemService) PickFolder(title string) (string, error) {
	o := s.app.runtimeOpener()
	p, ok := o.(FolderPicker)
	if !ok {
		return "", errors.New("the window is not ready to show a folder dialog yet")
	}
	if strings.TrimSpace(title) == "" {
		title = "Choose a folder"
	}
	dir, err := p.PickFolder(title)
	if err != nil {
		return "", fmt.Errorf("the folder dialog failed: %w", err)
	}
	return dir, nil
}
