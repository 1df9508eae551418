package main

import (
	"testing"

	"github.com/wailsapp/wails/v2/pkg/options/linux"
)

func TestGPUPolicyIsOnDemandUnlessAsked(t *testing.T) {
	for in, want := range map[string]linux.WebviewGpuPolicy{
		"": linux.WebviewGpuPolicyOnDemand, "never": linux.WebviewGpuPolicyNever, " Off ": linux.WebviewGpuPolicyNever, "bogus": linux.WebviewGpuPolicyOnDemand,
		"always": linux.WebviewGpuPolicyAlways, " OnDemand ": linux.WebviewGpuPolicyOnDemand, "on-demand": linux.WebviewGpuPolicyOnDemand,
	} {
		if got := gpuPolicy(in); got != want {
			t.Errorf("gpuPolicy(%q) = %v, want %v", in, got, want)
		}
	}
}
