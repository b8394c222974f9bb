package childproc_test

import (
	"errors"
	"os/exec"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/testing/childproc"
)

func TestStopEndsAProgramThatHonoursSIGTERM(t *testing.T) {
	p, err := childproc.Start(exec.Command("sleep", "60"))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	p.Stop(10 * time.Second)
	select {
	case <-p.Done():
	default:
		t.Fatal("Done is not closed after Stop")
	}
	if p.Err() == nil {
		t.Fatal("Err is nil for a program ended by a signal")
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("Stop took %s: it waited for the grace period instead of the exit", took)
	}
}

func TestStopKillsAProgramThatIgnoresSIGTERM(t *testing.T) {
	p, err := childproc.Start(exec.Command("sh", "-c", `trap "" TERM; exec sleep 60`))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // let the shell ignore SIGTERM before it becomes sleep
	p.Stop(300 * time.Millisecond)
	select {
	case <-p.Done():
	default:
		t.Fatal("Done is not closed after Stop")
	}
}

func TestDoneTellsAProgramThatExitedOnItsOwn(t *testing.T) {
	p, err := childproc.Start(exec.Command("sh", "-c", "exit 3"))
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("Done not closed after the program exited")
	}
	var exitErr *exec.ExitError
	if !errors.As(p.Err(), &exitErr) || exitErr.ExitCode() != 3 {
		t.Fatalf("Err = %v, want exit status 3", p.Err())
	}
}

func TestStartReportsAProgramThatCannotStart(t *testing.T) {
	if _, err := childproc.Start(exec.Command("/nonexistent/program")); err == nil {
		t.Fatal("Start of a missing program succeeded")
	}
}
