//! AWS SDK errors as text for logs and error messages, without the request ids the SDK's own
//! error text can carry (a service error's metadata holds the id AWS logs the call under, which
//! would tie a log line to one moment). A service error is its code and message; an error with
//! no answer from the service (a timeout, a connection that failed) is the SDK's description.

use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

pub fn describe<E, R>(err: &SdkError<E, R>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match err {
        SdkError::ServiceError(context) => {
            let service = context.err();
            match (service.code(), service.message()) {
                (Some(code), Some(message)) => format!("{code}: {message}"),
                (Some(code), None) => code.to_string(),
                _ => "the service refused the call".to_string(),
            }
        }
        other => DisplayErrorContext(other).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_dynamodb::error::ErrorMetadata;
    use aws_sdk_dynamodb::operation::get_item::GetItemError;

    use super::*;

    #[test]
    fn a_service_error_keeps_its_code_and_message_only() {
        let meta = ErrorMetadata::builder()
            .code("AccessDeniedException")
            .message("not authorized to perform dynamodb:GetItem")
            .custom(
                "aws_request_id",
                "8N9H2QFJ1UJ5MEAU5AQ1V2VF0BVV4KQNSO5AEMVJF66Q9ASUAAJG",
            )
            .build();
        let err: SdkError<GetItemError, ()> =
            SdkError::service_error(GetItemError::generic(meta), ());
        let text = describe(&err);
        assert_eq!(
            text,
            "AccessDeniedException: not authorized to perform dynamodb:GetItem"
        );
    }
}
