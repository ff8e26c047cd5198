<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" sourcelanguage="en">
<context>
    <name>ConnectionMessages</name>
    <message>
        <source>Kete shows what it may read: %1 were not shared in this sign-in. Sign in again to share them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in with less access: %1 are not included.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not accept all the access Kete asks for. Kete can sign in with less access; %2 will be missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete could not reopen %1 by itself: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your sign-in to %1 has ended — showing your record as of %2. Sign in again to bring it up to date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your sign-in to %1 has ended, so Kete cannot load anything more. What you see stays until you sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the last time it was brought up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline — showing your record as of %1. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are signed out. Kete no longer has access to your records.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are signed out of Kete, but your provider may not have heard of it: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>The system keychain is not available, so Kete cannot remember your sign-in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain reported an error.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete</name>
    <message>
        <source>Could not create “%1”. Choose another folder or file name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save “%1”. Check that the disk has space and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection was refused (nothing answers at that address and port)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server closed the connection before it answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server name was not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection timed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the request was stopped before it ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the secure connection (TLS) could not be set up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the network connection was lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the system does not allow network access now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server redirected too many times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server redirected to another address, which Kete does not follow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the proxy server could not be used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server refused access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server does not have that address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server does not allow that request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server refused the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server had a problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the address does not start with http or https</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server&apos;s answer could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the network failed (for example, no route to the server)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the request failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (network error %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This does not look like a web address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete only connects to health providers over a secure (https) connection.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ChunkedSecretStore</name>
    <message>
        <source>A saved sign-in in the system keychain is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This sign-in is too large for the system keychain, so Kete will not remember it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::brands</name>
    <message>
        <source>The provider directory at %1 is larger than %2 MB; it was not loaded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::brands::BrandsDirectory</name>
    <message>
        <source>“%1” could not be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is too large for a provider directory (at most %2 MB).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::brands::Parser</name>
    <message>
        <source>This provider directory is too large to read (%1 MB; at most %2 MB).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This provider directory is not readable: it is not valid JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a provider directory: it is not a FHIR Bundle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider directory is not a Bundle of type collection; read anyway.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A FHIR endpoint in the directory has no valid address; it is left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A FHIR endpoint in the directory does not use a secure connection (https); it is left out: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refers to a FHIR endpoint that is not in the directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The logo of %1 is not shown: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An organisation in the directory has no name; it is left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 lists no FHIR endpoint Kete can use; it is left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not at a secure (https) address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not an image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is larger than %1 KB.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::connection::ConnectionManager</name>
    <message>
        <source>saved sign-in reopened without the browser</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::connection::SavedSignIn</name>
    <message>
        <source>Kete has no saved sign-in for this provider. Please sign in.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::fhir</name>
    <message>
        <source>The server sent a response Kete cannot read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 item from the server could not be read and is not shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 items from the server could not be read and are not shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server reported a problem.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 weeks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at age %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>age %1–%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after age %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>before age %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A condition could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A lab report could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s answer was larger than Kete accepts (%1 MB), so Kete stopped reading it. Some records may be missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server took longer than %1 seconds to send one answer, so Kete stopped waiting. Try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your sign-in is no longer accepted. Sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not have this record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is busy. Try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server has a problem (error %1). Try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the request (error %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lab results and vital signs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conditions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lab reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>personal details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>records of this kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider has not shared %1 with Kete in this sign-in. It can be allowed at the next sign-in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Critical low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Critical high</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Abnormal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Critical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flags: the lab&apos;s own interpretation; otherwise computed by Kete from the numeric normal range (marked “computed”).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flagged by the lab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flagged by the lab: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computed by Kete from the lab&apos;s normal range; the lab did not flag it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computed by Kete from the lab&apos;s range “%1”; the lab did not flag it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computed by Kete from the usual adult limits (high from 140/90 mmHg, low below 90/60 mmHg); the reading came without a range or a flag.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>systolic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>diastolic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>within range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preliminary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A result could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The record was not found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You need to sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your sign-in has expired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server found too many records to send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server has a temporary problem. Try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some records may be missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not support this request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clinician&apos;s details could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The patient record could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::fhir::Condition</name>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recurrence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relapse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In remission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unconfirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provisional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Differential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refuted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entered in error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encounter diagnosis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health concern</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::fhir::ConditionTime</name>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::fhir::FhirRequest</name>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete is no longer signed in to this provider, so it asked for nothing. Sign in again to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete stopped loading more pages from the server; some records may be missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is busy. Try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your sign-in has expired. Sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::inspector::ConnectionLog</name>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offered · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not listed (the CapabilityStatement cannot say) · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not offered · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete starts the sign-in itself, outside a patient portal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete signs in as a confidential client (client-confidential-symmetric)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete signs in as a public client (client-public)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete needs one of them: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none listed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>permission-v2 offered · Kete asks for SMART v2 scopes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>permission-v1 offered · Kete asks for SMART v1 scopes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>neither listed · Kete asks for SMART v1 scopes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete can stay signed in (refresh token)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete asks you to sign in again when the access token expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the provider says who signed in (a signed id_token)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete learns who signed in from the token answer only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · Kete uses PKCE with S256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · Kete needs S256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other capabilities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discovery URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Then tried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Found in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the CapabilityStatement (oauth-uris extension), the older way, which lists no capabilities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authorization endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revocation endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none · signing out only forgets the tokens on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Introspection endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys (jwks_uri)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none · an id_token cannot be verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token endpoint auth methods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scopes supported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete&apos;s own sign-in window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your web browser (redirect to 127.0.0.1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redirect URI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>matched the one Kete sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>did not match the one Kete sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>received (not shown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete refused it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP Basic (the client secret is not shown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: a public client, proven by PKCE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not said</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scope requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scope granted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not said (the requested scope stands)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not granted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not said · Kete looks the patient up itself</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not in the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none · no staying signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>id_token verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>signature (RS256, jwks_uri), iss, aud and exp checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no HTTP answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 resource</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 resources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 retries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resent after a token refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete reads the provider&apos;s published SMART configuration to learn where to sign in and what the server supports.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete opens the provider&apos;s sign-in page and says what it asks to read; PKCE proves that the app redeeming the code is the app that asked for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider sends you back to Kete with a one-time code; the state must match so that Kete only accepts the answer to its own request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete trades the one-time code and its PKCE verifier for an access token; the answer says what the provider granted, and for which patient.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete reads your record with the access token; each request is listed with its answer, never with the token or the data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discovery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not done in this session yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authorization request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redirect back to Kete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token exchange</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earlier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 older entries not kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token refresh at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests to the FHIR server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete %1 · connection details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider (FHIR base): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report made: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token, code, verifier, state or client secret is in this report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ what Kete needs, there · ✗ missing or failed · ○ Kete does without it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::labnames</name>
    <message>
        <source>LOINC %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::models</name>
    <message>
        <source>Outside normal range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Within normal range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Week of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lowest %1, highest %2, average %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 high</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 outside normal range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 beyond the measurable limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>↑ 1 result above the chart: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>↑ %1 results above the chart, up to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MRN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LOINC code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date/time (ISO 8601)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit (UCUM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Performed by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>up to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at least %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a practitioner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an organization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a care team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the patient or a relative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a performer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::models::ConditionsModel</name>
    <message>
        <source>SNOMED CT %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ICD-10 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resolved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>since age %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Onset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::models::LabHistoryModel</name>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Performed by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Systolic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diastolic</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::models::LabResultComments</name>
    <message>
        <source>Conclusion: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::models::LabTestsModel</name>
    <message>
        <source>Flagged by the lab: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (computed by Kete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>normal range %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, normal range %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, below the normal range (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, above the normal range (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, within the normal range (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no range for this patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no range from the lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One numeric result: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last %1 results, oldest first: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bar shows where the latest result falls: the shaded part is the normal range, the dot is the result. An arrow means the result is beyond the bar&apos;s ends; a diamond or a large arrow marks a critical result. No bar when the lab gave no range in numbers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The line shows up to %1 recent results, oldest on the left, over the normal range where there is one; the number is how many results there are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latest result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Panel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::models::PatientListModel</name>
    <message>
        <source>Female</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Male</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deceased</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deceased %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>born %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>identifier %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Born</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifier</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::offline</name>
    <message>
        <source>A part of the record kept on this computer could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::offline::OfflineStore</name>
    <message>
        <source>The key for the copy of your record is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete could not create the copy of your record on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The copy of your record on this computer can no longer be read (its key is gone). Kete will fetch your record again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The copy of your record on this computer is damaged. Kete will fetch your record again from your provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete could not keep the copy of your record on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::record::PatientRecord</name>
    <message>
        <source>Your provider did not say whose record this sign-in opens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your provider did not say whose record this sign-in opens; Kete opened the one record it may read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing the copy kept on this computer: %1 lab results, %2 conditions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the record… %1 of about %2 items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the record… %1 items so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded 1 lab result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded %1 lab results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 conditions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 notice from the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 notices from the server</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::record::PatientSearch</name>
    <message>
        <source>Enter a name, a birth date or an identifier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the birth date as year-month-day, for example 1971-03-12 (or just the year).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::sandbox::AuthorizationServer</name>
    <message>
        <source>The app&apos;s sign-in request contains text that is not valid UTF-8.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app that sent you here is not registered with this server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app asked to send you back to an address it has not registered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app&apos;s sign-in request is too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The automatic sign-in user is not a demo account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This sign-in page has expired or was already used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That user name or password is not right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This page has expired or was already used.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::sandbox::BundleLoader</name>
    <message>
        <source>The folder with the sandbox&apos;s records cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::sandbox::ClientRegistry</name>
    <message>
        <source>The client registration file cannot be used.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::sandbox::JwtSigner</name>
    <message>
        <source>The signing key cannot be used.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::sandbox::ResourceStore</name>
    <message>
        <source>The server could not understand this search.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::sandbox::SandboxServer</name>
    <message>
        <source>There is no patient to sign in as.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The brands bundle %1 could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sandbox could not listen on %1:%2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sandbox could not start.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::sandbox::pages</name>
    <message>
        <source>lab results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vital signs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>whole health record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lab results and other measurements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>health problems (conditions)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>personal details (name, birth date)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clinicians&apos; names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm that it is you who signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Know who you are (your name in the record)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Know which patient&apos;s record you open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stay connected, even when you are not using the app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stay connected while you use the app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the chosen patient&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every patient&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> and </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(clinician)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to the Kete demo health record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;strong&gt;%1&lt;/strong&gt; would like to see your health record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is a demonstration with made-up people. Every account uses the password &lt;code&gt;%1&lt;/code&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whose record should &lt;strong&gt;%1&lt;/strong&gt; open?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow %1 to use your health record?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untick anything you do not want to share. You can stop sharing at any time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Don&apos;t allow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apps with access to your record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At a real provider this page lists the apps you allowed to read your record, with what each may read, and lets you end an app&apos;s access.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In this sandbox, signing out of Kete ends its access: Kete revokes its tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apps with access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This sign-in cannot continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go back to the app and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error code:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::smart</name>
    <message>
        <source>This sign-in is no longer in progress. Please start again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider&apos;s answer did not belong to this sign-in, so Kete ignored it. Please start the sign-in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider&apos;s answer to the sign-in was incomplete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lab results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conditions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>basic details (name, date of birth)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lab reports (which panel a result belongs to)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The redirect address Kete sent is not registered with the provider for this app. Enter the redirect address your provider registered for Kete under Advanced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The redirect address Kete sent (%1) is not registered with the provider for this app. Enter the redirect address your provider registered for Kete under Advanced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client secret was not accepted by the provider (client id &quot;%1&quot;). Check the client secret under Advanced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You chose not to share your records with Kete, so the sign-in was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your sign-in has expired or was withdrawn by the provider. Please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider does not recognise Kete as an app (client id &quot;%1&quot;). Check the client id in the provider settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider refused the kind of access Kete asked for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider refused the sign-in (%1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::smart::AuthorizationFlow</name>
    <message>
        <source>Kete could not prepare to receive the sign-in from your web browser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server publishes no keys (jwks_uri), so Kete could not verify the id_token and does not use it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::smart::IdToken</name>
    <message>
        <source>The provider&apos;s proof of who signed in could not be verified, so Kete did not complete the sign-in.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::smart::LoopbackRedirectHandler</name>
    <message>
        <source>Kete has received the provider&apos;s answer. You can close this browser tab and return to Kete.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::smart::ScopeSet</name>
    <message>
        <source>staying signed in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::smart::Session</name>
    <message>
        <source>Your sign-in cannot be renewed. Please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new access token, valid for %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refresh token rotated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refresh token kept</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::smart::SignIn</name>
    <message>
        <source>Waiting for you to sign in in your web browser…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for you to sign in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking up %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening your provider&apos;s sign-in page…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finishing sign-in…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::smart::SmartConfiguration</name>
    <message>
        <source>%1 only allows sign-in started from inside its own patient portal, so Kete cannot sign in to it directly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not support the secure sign-in method Kete requires (PKCE with S256), so Kete will not sign in to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not offer SMART sign-in, so Kete cannot connect to it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::smart::SmartDiscovery</name>
    <message>
        <source>%1 does not look like a FHIR server that offers SMART sign-in.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::smart::TokenSet</name>
    <message>
        <source>The provider&apos;s answer to the sign-in did not contain an access token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider answered the sign-in with a kind of token Kete does not know.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui</name>
    <message>
        <source>Import provider directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider directories (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The providers Kete could already find are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n provider(s) can now be found by name.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n organisation(s) left out: no name, or no FHIR endpoint Kete can use.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n FHIR endpoint(s) refused: not on a secure (https) connection, or without a valid address.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n logo(s) not shown: not an image, too large, or not at a secure address.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Could not export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::BusyPage</name>
    <message>
        <source>Working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::ChartLegend</name>
    <message>
        <source>Legend</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::ClinicianWorkspace</name>
    <message>
        <source>Find a patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::ConditionsView</name>
    <message>
        <source>Conditions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show conditions by status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active conditions, including recurrence and relapse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In remission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conditions in remission: not active now, but not resolved either</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved or inactive conditions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show conditions by category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encounter diagnoses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export table…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the conditions table as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still loading conditions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No conditions on record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No active conditions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No resolved conditions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No conditions in remission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No conditions in this category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export conditions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conditions.csv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::ConnectDialog</name>
    <message>
        <source>Let my &amp;EHR pick the patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to your health provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find your provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the FHIR address your provider gives for patient apps. It usually starts with https:// and ends in /fhir or /R4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FHIR address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. City Hospital</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only if your provider gave you one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redirect address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inside Kete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My web browser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A patient, to see my own record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A clinician, to look up patients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I am signing in as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your provider&apos;s sign-in shows its own patient list, and Kete opens the patient you pick there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;FHIR address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I &amp;am:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;advanced settings (app registration)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Client ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;secret:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redirect address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in &amp;with:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This does not look like a web address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health data needs a secure connection: the address must start with https://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A client ID is needed; Kete&apos;s is “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The redirect address is not a valid address.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::ConnectFlow</name>
    <message>
        <source>The demo could not start on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the demo: making up patients and their results…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::ConnectionDetailsDialog</name>
    <message>
        <source>Provider: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token, code, verifier, state or client secret is shown here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ what Kete needs, and it is there · ✗ missing or failed · ○ Kete does without it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How Kete connected to your provider, step by step. If something does not work, copy this report into a message to your provider&apos;s or Kete&apos;s support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies the report as text. It holds no password, token or code.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::DirectoryFromAddress</name>
    <message>
        <source>Reading the provider directory…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import provider directory from an address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The https address of a SMART User-access Brands directory (a FHIR Bundle):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading the provider directory from %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider directory from %1 has not changed since it was last read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The providers Kete could already find are kept.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::FlagDelegate</name>
    <message>
        <source>%1 · computed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::LabsView</name>
    <message>
        <source>Lab results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search tests…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search lab tests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group by panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out of range only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only results outside the normal range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export table…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the lab results table as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print a summary of the lab results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lab tests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export this test&apos;s history as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close this test&apos;s chart and history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the chart and history (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No test selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a test above to see its results over time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latest %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>normal range %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the lab, %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No lab results yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No test matches “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No results outside the normal range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lab results for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latest result of each test, printed %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latest result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other tests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (computed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;High&lt;/b&gt; / &lt;b&gt;Low&lt;/b&gt;: above or below the normal range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Critical high&lt;/b&gt; / &lt;b&gt;Critical low&lt;/b&gt;: far outside it; the lab marks it urgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Abnormal&lt;/b&gt;: the lab marks the result as not normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no flag: within the range, or no range to compare with (the Normal range column says which)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flags: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unnamed patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Born %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MRN %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a test first: there is no history to export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export lab results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lab-results.csv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export test history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lab-history.csv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save lab summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lab-summary.pdf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print lab results</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::MainWindow</name>
    <message>
        <source>About Kete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Kete %1&lt;/h3&gt;&lt;p&gt;Your lab results and conditions from your health provider, through SMART on FHIR.&lt;/p&gt;&lt;p&gt;Kete signs in with your provider&apos;s own sign-in page and keeps your sign-in in your system&apos;s keychain. Your health data stays on this computer.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo Health (on this computer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete will keep a copy of your record on this computer, encrypted, from your next sign-in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The copy of your record on this computer is deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep your record on this computer?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete keeps an encrypted copy of your record so that it opens at once and offline. Keep it for your next sign-in, or delete it now?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing out…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete removes %1 and its saved sign-in from this computer. Your records at the provider are not affected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete could not open your web browser. The address is %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manage Kete&apos;s access at %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::MessageBar</name>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with less access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How Kete connected to your provider, step by step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Technical details for your provider&apos;s support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details for support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Technical detail: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::PanelDelegate</name>
    <message>
        <source>Other tests</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::PatientBanner</name>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <comment>date, time</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept on this computer, as of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data as of %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::PatientSearchView</name>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent patients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Family or given name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 1971-03-12</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MRN or other identifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patients found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Born:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Identifier:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing the first %1 patients. Add a birth date or an identifier to narrow the search.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by name, birth date or identifier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No patient matches this search.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 patient found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 patients found</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::ProviderSearch</name>
    <message>
        <source>Name, city, postal code or website</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find your provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Providers found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No provider in the directory matches “%1”. You can still enter its FHIR address below.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::RecordView</name>
    <message>
        <source>Deceased</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deceased %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deceased %1 (aged %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sex not recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 years</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>born %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MRN %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lab results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unpin from Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pin to Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the patient…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::SessionView</name>
    <message>
        <source>Signed in as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a clinician</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline, not signed in yet: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in ended: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your record</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::SignInBrowser</name>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to your health provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kete could not confirm that it is talking to %1 (%2). To keep your sign-in safe it does not continue. Check the address, or ask your provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection security</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address of the sign-in page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use my web browser instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some providers do not allow signing in inside apps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secure connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer (demo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not secure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your provider could not start the sign-in for Kete; its page below says why. If you entered Kete&apos;s registration yourself, check the client ID and redirect address under Advanced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in page could not be loaded. Check your connection and choose Reload.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::SignInCoordinator</name>
    <message>
        <source>Kete could not open your web browser. Choose “Inside Kete” under Advanced in the provider&apos;s settings and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in in your web browser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your provider&apos;s sign-in page opened in your web browser. Sign in there; Kete continues by itself when you are done.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::StatusLine</name>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find a patient to open their record</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::SummaryView</name>
    <message>
        <source>Results that need attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recently updated lab results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Onset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active conditions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pinned tests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recently updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a result to see all of that test&apos;s results. Right-click it to pin or unpin the test.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still loading: a newer result may follow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unpin from Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pin to Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in Lab results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 latest result came without a normal range from the lab: Kete cannot tell whether it is normal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 latest results came without a normal range from the lab: Kete cannot tell whether they are normal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 latest result could not be compared with its normal range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 latest results could not be compared with their normal range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing from the last %1 months is out of range: these results are older, from before %2, each the latest of its test.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 older latest result, from before %1, was outside its normal range: see Lab results.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 older latest results, from before %2, were outside their normal range: see Lab results.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 more out of range: see Lab results.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lab results are still loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No lab results yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All of the patient&apos;s latest lab results are within the normal range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All of your latest lab results are within the normal range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is flagged out of range in the last %1 months.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 of the patient&apos;s latest lab results is within its normal range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 of your latest lab results is within its normal range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of the patient&apos;s latest lab results are within their normal range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of your latest lab results are within their normal range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still loading: these may not be the latest results.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No new results in the last %1 days. The latest is from %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 more: see Lab results.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conditions are still loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No conditions on record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No active conditions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still loading: more conditions may follow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pinned tests. To keep a test here, right-click it in Lab results or on this page and choose Pin to Summary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pinned test has no results in this record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 pinned tests have no results in this record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 pinned test has no results in this record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 pinned tests have no results in this record.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::TrendChart</name>
    <message>
        <source>each day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>each week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>each month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1–%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>up to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a test to see its results over time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trend chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Legend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3 months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>5 years</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show all results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the last %1 up to the latest result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This test has no numeric results to chart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal range %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beyond measurable limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 beyond measurable limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1lowest to highest %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1average %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 normal %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outside normal range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A result outside the normal range %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Above the chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 results from %2 to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drawn as the lowest to highest and the average %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the left and right arrow keys to read each result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point at a result, or use the arrow keys, to read its value, flag and date.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::WelcomePage</name>
    <message>
        <source>Your providers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome to Kete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>See your lab results and health conditions from your health provider, with trends over time. Your sign-in stays in your system&apos;s keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find your provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an address or more options…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to your provider&apos;s patient portal to load your records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explore Kete with made-up patients on this computer; nothing leaves it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the demo as a clinician</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in as a made-up clinician and look patients up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo uses made-up patients and works offline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A copy of your record is kept on this computer, encrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this provider and its saved sign-in from this computer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::WindowActions</name>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect to a provider…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import provider &amp;directory…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import provider directory from an &amp;address…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh provider directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the &amp;demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the demo as a c&amp;linician</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export lab table…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save lab summary as &amp;PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;in again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Forget this provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manage Kete&apos;s access…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep a copy of my record on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lab results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Conditions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection &amp;details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Kete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kete::ui::dialogs</name>
    <message>
        <source>Saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Your lab results and conditions from your health provider, through SMART on FHIR.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start on the built-in demo sandbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start signing in to the FHIR server at &lt;url&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client id the provider registered for Kete (with --connect).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in as a clinician (with --connect).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
