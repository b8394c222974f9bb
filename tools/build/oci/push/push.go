// Package push uploads images to a registry, sending only the blobs and manifests the
// registry does not have yet, and reports each pushed image as <repository>@<digest>.
package push

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// Target is one image and where it goes.
type Target struct {
	Image      v1.Image
	Repository string // "kratos/user" or "host:port/kratos/user"
	Tags       []string
}

// Result tells what a push did.
type Result struct {
	Reference string // repository@digest
	Digest    v1.Hash
	Tags      []string
	// BlobsUploaded and ManifestsWritten count the writes the registry accepted: both are zero
	// when it already had everything.
	BlobsUploaded    int64
	ManifestsWritten int64
}

// Pusher pushes images with one set of options.
type Pusher struct {
	registry  string
	insecure  bool
	keychain  authn.Keychain
	transport http.RoundTripper
}

// Option configures a Pusher.
type Option func(*Pusher)

// WithRegistry sends every image to this host[:port] instead of the one in its repository.
func WithRegistry(registry string) Option { return func(p *Pusher) { p.registry = registry } }

// WithInsecure allows plain HTTP (loopback and private addresses use it anyway).
func WithInsecure(insecure bool) Option { return func(p *Pusher) { p.insecure = insecure } }

// WithKeychain replaces DefaultKeychain.
func WithKeychain(k authn.Keychain) Option { return func(p *Pusher) { p.keychain = k } }

// WithTransport replaces the HTTP transport (tests, proxies).
func WithTransport(t http.RoundTripper) Option { return func(p *Pusher) { p.transport = t } }

// New returns a Pusher; without options it pushes to $REGISTRY's default, localhost:5000,
// with credentials from DefaultKeychain.
func New(opts ...Option) *Pusher {
	p := &Pusher{keychain: DefaultKeychain(), transport: remote.DefaultTransport}
	for _, o := range opts {
		o(p)
	}
	return p
}

// Push uploads t.Image and points every tag at it; with no tags the manifest is pushed by
// digest only.
func (p *Pusher) Push(ctx context.Context, t Target) (Result, error) {
	repo, err := Repository(t.Repository, p.registry, p.insecure)
	if err != nil {
		return Result{}, err
	}
	digest, err := t.Image.Digest()
	if err != nil {
		return Result{}, err
	}
	refs := []name.Reference{repo.Digest(digest.String())}
	if len(t.Tags) > 0 {
		refs = refs[:0]
		for _, tag := range t.Tags {
			ref, err := name.NewTag(repo.Name()+":"+tag, name.StrictValidation)
			if err != nil || ref.TagStr() != tag {
				return Result{}, fmt.Errorf("%w: %q", ErrBadTag, tag)
			}
			refs = append(refs, ref)
		}
	}
	counter := &countingTransport{next: p.transport}
	pusher, err := remote.NewPusher(remote.WithAuthFromKeychain(p.keychain), remote.WithTransport(counter), remote.WithContext(ctx))
	if err != nil {
		return Result{}, err
	}
	for _, ref := range refs {
		if err := pusher.Push(ctx, ref, t.Image); err != nil {
			return Result{}, explain(ref, err)
		}
	}
	return Result{
		Reference:        repo.Name() + "@" + digest.String(),
		Digest:           digest,
		Tags:             t.Tags,
		BlobsUploaded:    counter.blobs.Load(),
		ManifestsWritten: counter.manifests.Load(),
	}, nil
}

// explain turns the registry's 401 into ErrUnauthorized, keeping the registry's own words.
func explain(ref name.Reference, err error) error {
	var terr *transport.Error
	if errors.As(err, &terr) && terr.StatusCode == http.StatusUnauthorized {
		return fmt.Errorf("push %s: %w (registry said: %v)", ref, ErrUnauthorized, err)
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return fmt.Errorf("push %s: %w (%v)", ref, ErrRegistryUnreachable, err)
	}
	return fmt.Errorf("push %s: %w", ref, err)
}
