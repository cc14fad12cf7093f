//! Long calls (rewriting a store under a new key; later importing a history, maintenance,
//! export): written once as an `async` function that pauses between bounded steps, then run
//! two ways. Natively and in every blocking binding it runs to completion on the caller's
//! thread, reporting to a [`Progress`] at each pause. The browser binding awaits it instead,
//! yielding to the event loop at each pause ([`Pause`]), so the worker can take a cancel
//! between steps. Cancelling ends the call with `Cancelled` and leaves the store as it was.

use crate::error::{Error, Result};
use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

/// How a long call reports how far it is, and how its caller cancels it.
pub trait Progress {
    /// `done` of `total` units (pages, conversations, rows) are finished; `total` may grow as
    /// the call finds more work. Return `false` to cancel.
    fn report(&self, done: u64, total: u64) -> bool;
}

impl<F: Fn(u64, u64) -> bool> Progress for F {
    fn report(&self, done: u64, total: u64) -> bool {
        self(done, total)
    }
}

/// A [`Progress`] that wants no report and never cancels.
pub struct NoProgress;

impl Progress for NoProgress {
    fn report(&self, _done: u64, _total: u64) -> bool {
        true
    }
}

/// What a long call does between its steps: a blocking run reports and goes on at once; the
/// browser binding yields to the event loop first. The future resolves to `false` to cancel.
pub trait Pause {
    /// Called after each step with how far the call is.
    fn pause(&mut self, done: u64, total: u64) -> Pin<Box<dyn Future<Output = bool> + '_>>;
}

/// The pause of a blocking run: `progress`'s answer, with nothing to wait for.
pub(crate) fn reporting(progress: &dyn Progress) -> impl Pause + '_ {
    Reporting(progress)
}

struct Reporting<'a>(&'a dyn Progress);

impl Pause for Reporting<'_> {
    fn pause(&mut self, done: u64, total: u64) -> Pin<Box<dyn Future<Output = bool> + '_>> {
        Box::pin(std::future::ready(self.0.report(done, total)))
    }
}

/// Waits at `pause`, then `Cancelled` if the caller asked for it.
pub(crate) async fn step(pause: &mut dyn Pause, done: u64, total: u64) -> Result<()> {
    if pause.pause(done, total).await { Ok(()) } else { Err(Error::Cancelled) }
}

/// Runs a long call to its end on this thread. Its pauses must be ready at once (as those of
/// [`reporting`] are), so each poll runs the call to its end; the loop only guards against one
/// that is not.
pub(crate) fn run_blocking<T>(call: impl Future<Output = T>) -> T {
    let mut call = pin!(call);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(result) = call.as_mut().poll(&mut cx) {
            return result;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    use crate::error::StoreError;

    async fn three_steps(pause: &mut dyn Pause, log: &RefCell<Vec<u64>>) -> Result<(), StoreError> {
        for done in 1..=3 {
            log.borrow_mut().push(done);
            step(pause, done, 3).await?;
        }
        Ok(())
    }

    #[test]
    fn a_blocking_run_reports_each_step_and_stops_when_cancelled() {
        let log = RefCell::new(Vec::new());
        let reports = RefCell::new(Vec::new());
        let progress = |done, total| {
            reports.borrow_mut().push((done, total));
            true
        };
        run_blocking(three_steps(&mut reporting(&progress), &log)).unwrap();
        assert_eq!(*reports.borrow(), [(1, 3), (2, 3), (3, 3)]);

        log.borrow_mut().clear();
        let cancel_at_two = |done, _| done < 2;
        let result = run_blocking(three_steps(&mut reporting(&cancel_at_two), &log));
        assert_eq!(result, Err(StoreError::Cancelled));
        assert_eq!(*log.borrow(), [1, 2], "no step after the cancel");
    }
}
