package core

import (
	"reflect"
	"strings"
)

// fillEmpty replaces every nil slice and nil map reachable from v (a
// pointer) through exported fields with an empty one, so that results bound
// to the frontend are JSON arrays and objects, never null. It is applied to
// values of types the core does not own (search and suggestion results).
func fillEmpty(v any) {
	walkEmpty(reflect.ValueOf(v), "", func(reflect.Value, string) bool { return true })
}

// NilSlices lists the paths of nil slices and maps reachable from v through
// exported fields, for tests that prove bound results hold none.
func NilSlices(v any) []string {
	var out []string
	rv := reflect.ValueOf(v)
	p := reflect.New(rv.Type())
	p.Elem().Set(rv)
	walkEmpty(p, "", func(_ reflect.Value, path string) bool {
		out = append(out, path)
		return false
	})
	return out
}

// walkEmpty calls onNil for every nil slice or map; when onNil returns true
// the value is replaced with an empty one.
func walkEmpty(v reflect.Value, path string, onNil func(reflect.Value, string) bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkEmpty(v.Elem(), path, onNil)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() || strings.HasPrefix(f.Tag.Get("json"), "-") {
				continue
			}
			walkEmpty(v.Field(i), path+"."+f.Name, onNil)
		}
	case reflect.Slice:
		if v.IsNil() {
			if onNil(v, path) && v.CanSet() {
				v.Set(reflect.MakeSlice(v.Type(), 0, 0))
			}
			return
		}
		for i := 0; i < v.Len(); i++ {
			walkEmpty(v.Index(i), path+"[]", onNil)
		}
	case reflect.Map:
		if v.IsNil() && onNil(v, path) && v.CanSet() {
			v.Set(reflect.MakeMap(v.Type()))
		}
	}
}
