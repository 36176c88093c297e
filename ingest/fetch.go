package ingest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Timeouts of the default HTTP client.
const (
	dialTimeout     = 10 * time.Second
	responseTimeout = 20 * time.Second
	requestTimeout  = 60 * time.Second
	maxRedirects    = 5
)

// errPrivateAddress is returned when a fetch would reach a loopback,
// private, link-local or otherwise non-public address.
var errPrivateAddress = errors.New("refusing to fetch a loopback, private or link-local address (use --allow-private to allow it)")

// newClient returns the default client: timeouts on every phase, no proxy
// (so the address checked is the address dialled), at most five redirects,
// and unless allowPrivate a dialer that refuses non-public addresses. The
// check runs in the dialer's Control hook, on the IP actually connected
// to after DNS resolution, so DNS rebinding and redirects to internal
// hosts are refused too.
func newClient(allowPrivate bool) *http.Client {
	d := &net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = refusePrivate
	}
	return &http.Client{
		Timeout: requestTimeout,
		Transport: &http.Transport{
			Proxy:                  nil,
			ForceAttemptHTTP2:      true,
			DialContext:            d.DialContext,
			TLSHandshakeTimeout:    dialTimeout,
			ResponseHeaderTimeout:  responseTimeout,
			MaxResponseHeaderBytes: 1 << 20,
			MaxIdleConnsPerHost:    4,
			IdleConnTimeout:        60 * time.Second,
		},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("more than %d redirects", maxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to unsupported scheme %q", req.URL.Scheme)
			}
			return nil
		},
	}
}

// refusePrivate is a net.Dialer Control hook refusing non-public addresses.
func refusePrivate(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return err
	}
	if !isPublic(ip) {
		return fmt.Errorf("%s: %w", ip, errPrivateAddress)
	}
	return nil
}

// cgnat is the shared address space of carrier-grade NAT (RFC 6598).
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// isPublic reports whether ip is a globally routable unicast address.
func isPublic(ip netip.Addr) bool {
	ip = ip.Unmap()
	switch {
	case !ip.IsValid(), ip.IsLoopback(), ip.IsPrivate(), ip.IsUnspecified(),
		ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast(), ip.IsMulticast(),
		ip.IsInterfaceLocalMulticast(), cgnat.Contains(ip):
		return false
	case ip.Is4() && ip.As4()[0] == 0:
		return false
	}
	return true
}

// checkURL accepts only absolute http(s) URLs and, unless allowPrivate,
// refuses URLs naming a non-public address literally or "localhost". This
// applies even with a caller-supplied client, whose dialer whosaid does
// not control.
func checkURL(raw string, allowPrivate bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("not an http(s) URL")
	}
	if u.Host == "" {
		return nil, fmt.Errorf("URL has no host")
	}
	if allowPrivate {
		return u, nil
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return nil, errPrivateAddress
	}
	if ip, err := netip.ParseAddr(host); err == nil && !isPublic(ip) {
		return nil, errPrivateAddress
	}
	return u, nil
}

// fetch GETs an http(s) URL and returns its body (at most MaxBytes), its
// Content-Type and the final URL after redirects. Errors name what failed
// but not the URL; the caller's origin does.
func (r *reader) fetch(ctx context.Context, raw, accept string) (body []byte, ctype, final string, err error) {
	u, err := checkURL(raw, r.opts.AllowPrivate)
	if err != nil {
		return nil, "", "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, "", "", err
	}
	req.Header.Set("User-Agent", r.opts.UserAgent)
	req.Header.Set("Accept", accept)
	resp, err := r.opts.HTTPClient.Do(req)
	if err != nil {
		return nil, "", "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", "", fmt.Errorf("HTTP status %s", resp.Status)
	}
	if resp.ContentLength > r.opts.MaxBytes {
		return nil, "", "", fmt.Errorf("response of %d bytes is larger than the %d-byte limit", resp.ContentLength, r.opts.MaxBytes)
	}
	b, err := readCapped("response", resp.Body, r.opts.MaxBytes)
	if err != nil {
		return nil, "", "", err
	}
	return b, resp.Header.Get("Content-Type"), resp.Request.URL.String(), nil
}
