//go:build tools

// Package tools pins the Kubernetes commands built from this module: the API
// server for the chart's dry run (setup.sh --all), the rest of a one-node
// cluster for the cluster suite (setup.sh --cluster). One module, so one
// `go build` compiles the packages they share once.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-proxy"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
	_ "k8s.io/kubernetes/cmd/kubelet"
)
