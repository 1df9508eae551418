//go:build !bindings

package main

// bindingsOnly is true in the binary `wails generate module` builds (tag
// "bindings") to read the bound types.
const bindingsOnly = false
