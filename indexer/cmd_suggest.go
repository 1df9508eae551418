package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/core"
)

// requestFile is the shape of `indexer suggest --request FILE.json`.
type requestFile struct {
	ID       string `json:"id"`
	Subject  string `json:"subject"`
	Channel  string `json:"channel"`
	Customer struct {
		Name        string `json:"name"`
		Contact     string `json:"contact"`
		Preferences string `json:"preferences"`
		Notes       string `json:"notes"`
	} `json:"customer"`
	Messages []struct {
		Author string    `json:"author"`
		At     time.Time `json:"at"`
		Text   string    `json:"text"`
	} `json:"messages"`
}

func loadRequestFile(path string) (knowledge.SupportRequest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return knowledge.SupportRequest{}, err
	}
	return parseRequestFile(path, data)
}

// parseRequestFile reads the request in data; path names it in errors.
func parseRequestFile(path string, data []byte) (knowledge.SupportRequest, error) {
	var f requestFile
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))) // Notepad's byte order mark
	if err := dec.Decode(&f); err != nil {
		return knowledge.SupportRequest{}, fmt.Errorf("%s is not a valid request file (%v); expected {\"subject\":…, \"messages\":[{\"author\":\"customer\",\"text\":…}], \"customer\":{…}}", path, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return knowledge.SupportRequest{}, fmt.Errorf("%s has more after the request object; put exactly one request in the file", path)
	}
	if strings.TrimSpace(f.Subject) == "" && len(f.Messages) == 0 {
		return knowledge.SupportRequest{}, fmt.Errorf("%s has neither a subject nor messages", path)
	}
	r := knowledge.SupportRequest{
		ID: f.ID, Subject: f.Subject, Channel: knowledge.Channel(f.Channel), Status: knowledge.RequestOpen,
		Customer: knowledge.Customer{Name: f.Customer.Name, Contact: f.Customer.Contact, Preferences: f.Customer.Preferences, Notes: f.Customer.Notes},
	}
	for i, m := range f.Messages {
		author := knowledge.MessageAuthor(m.Author)
		if author == "" {
			author = knowledge.AuthorCustomer
		}
		if author != knowledge.AuthorCustomer && author != knowledge.AuthorAgent {
			return r, fmt.Errorf("%s: message %d has author %q; use \"customer\" or \"agent\"", path, i+1, m.Author)
		}
		r.Messages = append(r.Messages, knowledge.RequestMessage{Author: author, At: m.At, Text: m.Text})
	}
	return r, nil
}

func cmdSuggest(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("suggest", flag.ContinueOnError)
	dataDir := dataDirFlag(fs)
	reqPath := fs.String("request", "", "request JSON file")
	provider := fs.String("provider", "", "none, ollama or openai (default: the configured one)")
	baseURL := fs.String("base-url", "", "model endpoint")
	model := fs.String("model", "", "model name")
	agent := fs.String("agent", "", "agent name recorded in the ledger (default: the profile name)")
	allowStale := fs.Bool("allow-stale", false, "let stale or flagged articles ground the draft")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *reqPath == "" || len(pos) != 0 {
		return usagef("give the request with --request FILE.json")
	}
	switch *provider {
	case "", "none", "ollama", "openai":
	default:
		return usagef("unknown --provider %q (use none, ollama or openai)", *provider)
	}
	req, err := loadRequestFile(*reqPath)
	if err != nil {
		return err
	}
	svc, err := openService(ctx, *dataDir, errOut)
	if err != nil {
		return err
	}
	defer svc.Close()
	in := core.SuggestInput{Request: req, Agent: *agent, AllowStale: *allowStale}
	if *provider != "" || *baseURL != "" || *model != "" {
		llm := svc.Config().LLM
		if *provider != "" {
			llm.Provider = *provider
		}
		if *baseURL != "" {
			llm.BaseURL = *baseURL
		}
		if *model != "" {
			llm.Model = *model
		}
		in.LLM = &llm
	}
	var onToken func(string)
	if !*asJSON && isTerminal(errOut) {
		onToken = func(tok string) { fmt.Fprint(errOut, tok) }
	}
	res, err := svc.Suggest(ctx, in, onToken)
	if onToken != nil {
		fmt.Fprintln(errOut)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	printSuggestion(out, res)
	return nil
}

func printSuggestion(out io.Writer, res core.SuggestResult) {
	s := res.Suggestion
	fmt.Fprintf(out, "suggestion set %s · %s", res.SetID, s.Provider)
	if s.Model != "" {
		fmt.Fprintf(out, " (%s)", s.Model)
	}
	fmt.Fprintln(out)
	if s.NotInKB {
		fmt.Fprintf(out, "\nNot in the knowledge base. Ask the customer: %s\n", s.ClarifyingQuestion)
	}
	for i, o := range s.Options {
		verified := "verified"
		if !o.Verified() {
			verified = "NOT verified"
		}
		fmt.Fprintf(out, "\n── Option %d: %s  [%s, %s]\n%s\n", i+1, o.Title, o.Kind, verified, o.Reply)
		for _, st := range o.Steps {
			fmt.Fprintf(out, "  • %s\n", st)
		}
		for _, sc := range o.Sentences {
			if !sc.Supported {
				fmt.Fprintf(out, "  ⚠ unverified: %s\n", sc.Text)
			}
		}
		if len(o.Flags) > 0 {
			fmt.Fprintf(out, "  flags: %s\n", strings.Join(o.Flags, ", "))
		}
		for _, c := range o.Citations {
			q := []rune(strings.Join(strings.Fields(c.Quote), " "))
			if len(q) > 140 {
				q = append(q[:140], '…')
			}
			fmt.Fprintf(out, "  [%s v%d] %s\n      “%s”\n", c.PassageID, c.ArticleVersion, c.ArticleID, string(q))
		}
	}
}
