package main

import (
	"testing"

	"github.com/wailsapp/wails/v2/pkg/options/linux"
)

func TestGPUPolicyIsOffUnlessAsked(t *testing.T) {
	for in, want := range map[string]linux.WebviewGpuPolicy{
		"": linux.WebviewGpuPolicyNever, "never": linux.WebviewGpuPolicyNever, "bogus": linux.WebviewGpuPolicyNever,
		"always": linux.WebviewGpuPolicyAlways, " OnDemand ": linux.WebviewGpuPolicyOnDemand, "on-demand": linux.WebviewGpuPolicyOnDemand,
	} {
		if got := gpuPolicy(in); got != want {
			t.Errorf("gpuPolicy(%q) = %v, want %v", in, got, want)
		}
	}
}
