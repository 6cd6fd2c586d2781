//! DynamoDB's failures as the store's: a store that cannot be reached or refuses a write is
//! [`StoreError::Unavailable`] (the reporter is told "not saved, please try again"); a lost race
//! is retried here with backoff.

use std::time::Duration;

use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::CancellationReason;

use crate::store::StoreError;

/// How often a write that lost a race (transaction conflict, concurrent append) is retried.
pub const MAX_CONFLICT_RETRIES: u32 = 40;

pub fn sdk_error<E, R>(what: &str, err: SdkError<E, R>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    StoreError::Unavailable(format!("{what}: {}", crate::aws_error::describe(&err)))
}

/// A request that could not be built is a bug of ours, not an outage.
pub fn build_error(err: aws_sdk_dynamodb::error::BuildError) -> StoreError {
    StoreError::Internal(format!("building a DynamoDB request: {err}"))
}

pub fn cancellation_reasons<R>(
    err: &SdkError<TransactWriteItemsError, R>,
) -> Option<&[CancellationReason]> {
    match err.as_service_error() {
        Some(TransactWriteItemsError::TransactionCanceledException(e)) => {
            Some(e.cancellation_reasons())
        }
        _ => None,
    }
}

pub fn is_in_progress<R>(err: &SdkError<TransactWriteItemsError, R>) -> bool {
    matches!(
        err.as_service_error(),
        Some(TransactWriteItemsError::TransactionInProgressException(_))
    )
}

/// Sleeps a little, more on later attempts, with jitter so racing writers spread out.
pub async fn backoff(attempt: u32) {
    let cap = 10u64 * u64::from(attempt.min(20)) + 10;
    tokio::time::sleep(Duration::from_millis(rand::random_range(5..=cap))).await;
}
