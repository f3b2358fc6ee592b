//! The future of the layers that retry (auth, retry): a first attempt polled in place, then,
//! only when that attempt asks for more (a 401, a retryable failure), a later phase in its own
//! box.
//!
//! The usual call ends with its first attempt, so its future stays unboxed and small; what a
//! later phase needs waits in `later` (a pointer or two) and is moved into the boxed future
//! only when it runs.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::Response;

use super::BoxFuture;
use crate::Error;

/// What a layer's service answers.
type Answer = Result<Response<Bytes>, Error>;

/// What happens when the first attempt ends: its answer stands, or a later phase takes over.
pub enum Next {
    /// The call's answer.
    Done(Answer),
    /// The rest of the call.
    Later(BoxFuture<Answer>),
}

/// Decides, from what the layer kept (`L`) and the first attempt's answer, what comes next.
pub type Then<L> = fn(L, Answer) -> Next;

pin_project_lite::pin_project! {
    /// A first attempt (`F`), then, if `then` says so, a boxed later phase; see the module
    /// docs.
    pub struct PhasedFuture<F, L> {
        #[pin]
        state: State<F, L>,
    }
}

pin_project_lite::pin_project! {
    #[project = StateProj]
    enum State<F, L> {
        First {
            #[pin]
            attempt: F,
            later: Option<(L, Then<L>)>,
        },
        Later {
            future: BoxFuture<Answer>,
        },
    }
}

impl<F, L> PhasedFuture<F, L> {
    /// The first attempt, with what a later phase would need and the function that decides.
    pub(crate) fn first(attempt: F, later: L, then: Then<L>) -> Self {
        Self {
            state: State::First {
                attempt,
                later: Some((later, then)),
            },
        }
    }

    /// An attempt whose answer stands, whatever it is.
    pub(crate) fn only(attempt: F) -> Self {
        Self {
            state: State::First {
                attempt,
                later: None,
            },
        }
    }

    /// A call that is boxed from the start (it waits for something before its attempt).
    pub(crate) fn boxed(future: BoxFuture<Answer>) -> Self {
        Self {
            state: State::Later { future },
        }
    }
}

impl<F, L> Future for PhasedFuture<F, L>
where
    F: Future<Output = Answer>,
{
    type Output = Answer;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Answer> {
        let mut state = self.project().state;
        loop {
            match state.as_mut().project() {
                StateProj::First { attempt, later } => {
                    let answer = std::task::ready!(attempt.poll(cx));
                    let Some((later, then)) = later.take() else {
                        return Poll::Ready(answer);
                    };
                    match then(later, answer) {
                        Next::Done(answer) => return Poll::Ready(answer),
                        Next::Later(future) => state.set(State::Later { future }),
                    }
                }
                StateProj::Later { future } => return future.as_mut().poll(cx),
            }
        }
    }
}
