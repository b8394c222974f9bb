// Command hello is the example service binary the image rules are tested with: it takes the
// flags the real services take (-conf, -version) and a -health check that proves the image
// gives it what a service needs (CA roots, the config directory, a non-root user).
package main

import (
	"crypto/x509"
	"encoding/pem"
	"flag"
	"fmt"
	"net/http"
	"os"
)

// version is set at link time (x_defs); "dev" marks an unstamped build.
var version = "dev"

// caFile is where Go's crypto/x509 looks first on Linux; SSL_CERT_FILE overrides it there too.
func caFile() string {
	if f := os.Getenv("SSL_CERT_FILE"); f != "" {
		return f
	}
	return "/etc/ssl/certs/ca-certificates.crt"
}

func main() {
	conf := flag.String("conf", "/data/conf", "config directory")
	showVersion := flag.Bool("version", false, "print the version and exit")
	health := flag.Bool("health", false, "check CA roots and the config directory, then exit")
	// APP_HTTP_ADDR, as the services read it, lets a test pick a free port.
	addr := flag.String("http", orEnv("APP_HTTP_ADDR", ":8000"), "HTTP listen address")
	flag.Parse()

	switch {
	case *showVersion:
		fmt.Printf("hello %s\n", version)
	case *health:
		if err := checkHealth(*conf); err != nil {
			fmt.Fprintln(os.Stderr, "unhealthy:", err)
			os.Exit(1)
		}
	default:
		http.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
		fmt.Fprintln(os.Stderr, http.ListenAndServe(*addr, nil))
		os.Exit(1)
	}
}

func checkHealth(conf string) error {
	if st, err := os.Stat(conf); err != nil || !st.IsDir() {
		return fmt.Errorf("config directory %s: not a directory (%v)", conf, err)
	}
	pemBytes, err := os.ReadFile(caFile())
	if err != nil {
		return err
	}
	roots := 0
	for rest := pemBytes; ; {
		var block *pem.Block
		if block, rest = pem.Decode(rest); block == nil {
			break
		}
		if _, err := x509.ParseCertificate(block.Bytes); err == nil {
			roots++
		}
	}
	if roots == 0 {
		return fmt.Errorf("%s holds no CA root", caFile())
	}
	fmt.Printf("ok uid=%d roots=%d conf=%s\n", os.Getuid(), roots, conf)
	return nil
}

func orEnv(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
