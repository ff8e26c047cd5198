#pragma once

namespace kete {

// What went wrong, for the code that decides what to do next (offer Retry, sign in again, say
// nothing). Every code the app branches on or reports; the words are in Error::message and the
// technical text in Error::detail, which stays as it was for the log and the support report.
enum class ErrorCode
{
    Unspecified, // nobody decides anything on it; the message says it all

    Cancelled, // the user or the app stopped it (sign-in, a FHIR request, a record load)

    // Sign-in and reopening a saved sign-in
    NothingSaved,          // restore.nothing-saved: no refresh token kept for the provider
    RedirectNotExpected,   // redirect.no-attempt
    RedirectStateMismatch, // redirect.state-mismatch
    RedirectWithoutCode,   // redirect.no-code
    LoopbackListenFailed,  // flow.loopback-listen-failed
    SystemBrowserFailed,   // signin.system-browser-failed
    TokenResponseInvalid,  // token.no-access-token, token.type
    IdTokenRejected,       // id_token.*
    NotSmart,              // discovery.not-smart
    NoStandaloneLaunch,    // discovery.no-standalone
    NoPkceS256,            // discovery.no-s256

    // OAuth errors from the authorization and token endpoints (RFC 6749 §4.1.2.1, §5.2),
    // detail "oauth.<error>: <description>"
    OAuthInvalidRequest,
    OAuthInvalidClient,
    OAuthInvalidGrant,
    OAuthUnauthorizedClient,
    OAuthUnsupportedGrantType,
    OAuthUnsupportedResponseType,
    OAuthInvalidScope,
    OAuthAccessDenied,
    OAuthServerError,
    OAuthTemporarilyUnavailable,
    OAuthOther, // an error code RFC 6749 does not define

    // Transport, for every client (detail "transport.<kind>: ...")
    InvalidUrl,        // transport.invalid-url
    InsecureTransport, // transport.insecure
    Redirected,        // transport.redirect: never followed
    TlsUntrusted,      // transport.tls
    Timeout,           // transport.timeout
    ConnectionLost,    // transport.lost
    Unreachable,       // transport.unreachable
    HttpStatus,        // transport.http-<status>

    // FHIR requests, by HTTP status class or by what Kete stopped
    NotSignedIn,            // fhir.no-token: no access token to send
    SignInNotAccepted,      // HTTP 401, or the token refresh failed
    AccessDenied,           // HTTP 403
    NotFound,               // HTTP 404
    ServerBusy,             // HTTP 429/503, retries given up, Retry-After too long
    ServerFailure,          // HTTP 5xx
    RequestRefused,         // another HTTP 4xx
    ServerOperationOutcome, // the server answered an OperationOutcome instead of a result
    FhirUnreadable,         // malformed JSON, a resource that is not what it should be
    TooLarge,               // a page over the size limit
    PageTimeout,            // a page over the time limit
    NextLinkRefused,        // another origin, already fetched, page limit

    // Keychain and files
    KeychainUnavailable,
    KeychainFailed,
    KeychainCorrupt, // keychain.chunks-corrupt
    FileNotCreated,
    FileNotSaved,
    NothingToExport, // no rows to export

    // The record kept on this computer
    OfflineCopyDamaged,    // offline.damaged: a row or the file does not open (changed, cut short)
    OfflineCopyLocked,     // offline.wrong-key: sealed under another key (the key was deleted)
    OfflineCopyNotWritten, // offline.sql: the database refused a write
};

// The provider answered with an OAuth error: it refused, as opposed to not being reached.
constexpr bool isOAuthRefusal(ErrorCode code)
{
    return code >= ErrorCode::OAuthInvalidRequest && code <= ErrorCode::OAuthOther;
}

} // namespace kete
