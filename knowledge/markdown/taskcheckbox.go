package markdown

import (
	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Accessible names of a task list's checkboxes: a checkbox without one is
// an unlabelled form control to a screen reader (axe rule "label").
const (
	taskDone    = "Done"
	taskNotDone = "Not done"
)

// taskCheckBoxExtension renders task-list checkboxes disabled and named
// ("Done" / "Not done"), in place of goldmark's unnamed ones.
type taskCheckBoxExtension struct{}

func (taskCheckBoxExtension) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		// Before the TaskList extension's own renderer (priority 500).
		util.Prioritized(taskCheckBoxRenderer{}, 100),
	))
}

type taskCheckBoxRenderer struct{}

func (taskCheckBoxRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTaskCheckBox, renderTaskCheckBox)
}

func renderTaskCheckBox(w util.BufWriter, _ []byte, node gast.Node, entering bool) (gast.WalkStatus, error) {
	if !entering {
		return gast.WalkContinue, nil
	}
	if node.(*east.TaskCheckBox).IsChecked {
		_, _ = w.WriteString(`<input aria-label="` + taskDone + `" checked="" disabled="" type="checkbox"> `)
	} else {
		_, _ = w.WriteString(`<input aria-label="` + taskNotDone + `" disabled="" type="checkbox"> `)
	}
	return gast.WalkContinue, nil
}
