#pragma once

#include "sandbox/auth/clientregistry.h"
#include "sandbox/auth/dynamicclients.h"
#include "sandbox/auth/jwtsigner.h"
#include "sandbox/auth/tokenstore.h"
#include "sandbox/data/demodirectory.h"
#include "sandbox/faults.h"

#include <QHash>
#include <QJsonObject>
#include <QUrl>
#include <QUrlQuery>
#include <chrono>
#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;
QT_END_NAMESPACE

namespace kete::sandbox {

struct AuthorizationServerConfig
{
    // The FHIR base (no trailing slash), e.g. http://127.0.0.1:8080/fhir. It is the issuer, the
    // only accepted `aud`, and where /.well-known/smart-configuration is served.
    QUrl fhirBaseUrl;
    // Path of the authorization endpoints on the same origin: {authPath}/authorize, /token,
    // /introspect, /revoke, /jwks, /sign-in, /select-patient, /consent.
    QString authPath = QStringLiteral("/auth");
    // A Patient or Practitioner id: /authorize answers at once with a code for this user,
    // consenting to everything asked (a clinician asking launch/patient gets the first patient).
    std::optional<QString> autoApproveUser;
    // How long a half-done sign-in (its transaction id) stays valid.
    std::chrono::seconds transactionLifetime{600};
    // Half-done sign-ins held at once; beyond, /authorize answers temporarily_unavailable.
    qsizetype maxOpenTransactions = 10000;
    // The longest value of an /authorize parameter (state, nonce, scope ...) the server keeps.
    qsizetype maxParameterLength = 4096;
    // SMART 2.2 User-access Brands: where this server's brands Bundle is published and which
    // brand in it is this server's (its website identifier). Empty: not announced.
    QUrl userAccessBrandBundle;
    QString userAccessBrandIdentifier;
};

// A POST to the token, introspection or revocation endpoint: what those read of the request.
struct FormPost
{
    QByteArray contentType;   // the Content-Type header as sent
    QByteArray authorization; // the Authorization header as sent (HTTP Basic for confidential)
    QByteArray body;          // application/x-www-form-urlencoded, as received
};

// The SMART App Launch 2.2 authorization server (standalone launch, public and confidential
// symmetric clients, PKCE S256 only, scopes v1 and v2, refresh token rotation, OpenID Connect
// id_tokens). It answers on a QHttpServer it does not own; the TokenStore is shared with the FHIR
// API, which validates the access tokens issued here. Not thread-safe: use it from the thread
// of the QHttpServer. It must outlive the routes it registers.
//
//   GET  {fhir}/.well-known/smart-configuration
//   GET|POST {auth}/authorize  ->  sign-in page  -> POST {auth}/sign-in
//        -> (clinician asking launch/patient) patient picker -> POST {auth}/select-patient
//        -> consent page -> POST {auth}/consent -> 302 redirect_uri?code=...&state=...
//   POST {auth}/token, {auth}/introspect, {auth}/revoke;  GET {auth}/jwks, {auth}/manage
//   POST {auth}/register (Fault::DynamicRegistration: RFC 7591 with a bearer token, then the
//        JWT bearer grant at {auth}/token)
class AuthorizationServer final
{
public:
    // `signer` may be null: a fresh RSA-2048 key is generated.
    AuthorizationServer(AuthorizationServerConfig config, TokenStore &tokens,
                        ClientRegistry clients, DemoDirectory directory,
                        std::shared_ptr<const JwtSigner> signer = {});
    ~AuthorizationServer();
    AuthorizationServer(const AuthorizationServer &) = delete;
    AuthorizationServer &operator=(const AuthorizationServer &) = delete;

    // Register these before any catch-all FHIR route (QHttpServer tries rules in order).
    void registerRoutes(QHttpServer &server);

    // When the port is only known after listen().
    void setFhirBaseUrl(const QUrl &fhirBaseUrl);
    void setFaultPlan(const FaultPlan &faults) { m_faults = faults; }
    void setUserAccessBrand(const QUrl &bundle, const QString &identifier)
    {
        m_config.userAccessBrandBundle = bundle;
        m_config.userAccessBrandIdentifier = identifier;
    }
    void setAutoApproveUser(const std::optional<QString> &userId)
    {
        m_config.autoApproveUser = userId;
    }

    QUrl fhirBaseUrl() const { return m_config.fhirBaseUrl; }
    QUrl endpoint(const QString &name) const; // endpoint("token") -> http://host:port/auth/token
    QJsonObject smartConfiguration() const;
    const JwtSigner &signer() const { return *m_signer; }
    // Fault::DynamicRegistration: clients that registered themselves; revoking one makes its
    // assertions fail from then on.
    void revokeDynamicClient(const QString &clientId) { m_dynamicClients.revoke(clientId); }
    qsizetype dynamicClientCount() const { return m_dynamicClients.size(); }
    // Sign-ins waiting for the user (expired ones may linger up to one purge interval).
    qsizetype openTransactions() const { return m_transactions.size(); }

    // The request logic without HTTP (the routes call it; so does the fuzz harness).
    // `encoded`: the query string (GET) or form body (POST) as received.
    QHttpServerResponse authorize(const QByteArray &encoded);
    // `formBody`: the page's application/x-www-form-urlencoded POST body.
    QHttpServerResponse signIn(const QByteArray &formBody);
    QHttpServerResponse selectPatient(const QByteArray &formBody);
    QHttpServerResponse consent(const QByteArray &formBody);
    QHttpServerResponse token(const FormPost &request);
    QHttpServerResponse introspect(const FormPost &request);
    QHttpServerResponse revoke(const FormPost &request);

private:
    struct Transaction;
    struct ClientAuthentication;

    QHttpServerResponse wellKnown() const;
    QHttpServerResponse registerClient(const QHttpServerRequest &request);
    QHttpServerResponse assertionGrant(const QUrlQuery &form);

    QHttpServerResponse autoApprove(Transaction transaction);
    QHttpServerResponse finish(const Transaction &transaction, QStringList grantedScopes);
    QHttpServerResponse consentPage(Transaction transaction);
    QHttpServerResponse tokenResponse(const IssuedTokens &issued) const;
    QString fhirUserUrl(const AccessGrant &grant) const; // absolute, as SMART's fhirUser claim
    ClientAuthentication authenticateClient(const FormPost &request, const QUrlQuery &form) const;

    QString newTransaction(Transaction transaction);
    std::optional<Transaction> takeTransaction(const QUrlQuery &form);
    void purgeExpiredTransactions();
    std::chrono::seconds accessTokenLifetime(const QString &clientId) const;

    AuthorizationServerConfig m_config;
    TokenStore &m_tokens;
    ClientRegistry m_clients;
    DemoDirectory m_directory;
    std::shared_ptr<const JwtSigner> m_signer;
    FaultPlan m_faults;
    DynamicClients m_dynamicClients;
    QHash<QByteArray, std::shared_ptr<Transaction>> m_transactions; // SHA-256(id) -> request
    QDateTime m_nextTransactionPurge; // invalid: at the next new transaction
};

} // namespace kete::sandbox
