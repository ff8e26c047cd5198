// The sandbox's authorization server as its HTTP routes hand it a request: /authorize parameters,
// the sign-in, patient-picker and consent form bodies, and token, introspection and revocation
// POSTs. Input: one byte picks the endpoint; for the POST endpoints the Authorization header, a
// newline, then the form body. So that the fuzzer gets past the random identifiers, "@T" becomes
// a live sign-in transaction, "@C" a live authorization code (its verifier is "@V") and "@R" a
// live refresh token.
#include "common/crypto.h"
#include "fuzzer.h"
#include "sandbox/auth/authorizationserver.h"
#include "sandbox/auth/clientregistry.h"
#include "sandboxworld.h"

#include <QHttpServerResponse>
#include <QRegularExpression>

namespace {

const QByteArray verifier = QByteArrayLiteral("fuzzing-verifier-0123456789-0123456789-0123456789");
const QString redirectUri = QStringLiteral("http://127.0.0.1/kete/callback");

struct World
{
    World()
        : server(config(), tokens, kete::sandbox::ClientRegistry(),
                 kete::fuzz::SandboxWorld::demoDirectory())
    {}

    static kete::sandbox::AuthorizationServerConfig config()
    {
        kete::sandbox::AuthorizationServerConfig config;
        config.fhirBaseUrl = kete::fuzz::SandboxWorld::fhirBase;
        return config;
    }

    // A fresh sign-in waiting at its first page, as a browser would have it after /authorize.
    QByteArray transaction()
    {
        const QByteArray page =
            server
                .authorize("response_type=code&client_id=kete-desktop&redirect_uri=" +
                           QUrl::toPercentEncoding(redirectUri) +
                           "&scope=openid+fhirUser+launch%2Fpatient+offline_access+patient%2F*.rs"
                           "&state=s&aud=" +
                           QUrl::toPercentEncoding(kete::fuzz::SandboxWorld::fhirBase.toString()) +
                           "&code_challenge_method=S256&code_challenge=" +
                           kete::crypto::base64Url(kete::crypto::sha256(verifier)))
                .data();
        static const QRegularExpression hidden(
            QStringLiteral("name=\"transaction\" value=\"([^\"]+)\""));
        return hidden.match(QString::fromUtf8(page)).captured(1).toLatin1();
    }

    QByteArray code()
    {
        kete::sandbox::CodeBinding binding;
        binding.clientId = QStringLiteral("kete-desktop");
        binding.redirectUri = redirectUri;
        binding.codeChallenge = kete::crypto::base64Url(kete::crypto::sha256(verifier));
        binding.grant = grant();
        binding.withRefreshToken = true;
        return tokens.createCode(binding);
    }

    QByteArray refreshToken() { return tokens.issue(grant(), true).refreshToken; }

    kete::sandbox::AccessGrant grant() const
    {
        const QString amy = QStringLiteral("amy-shaw");
        return kete::fuzz::SandboxWorld::grant(
            QStringLiteral("Patient/") + amy, amy,
            {QStringLiteral("openid"), QStringLiteral("fhirUser"), QStringLiteral("offline_access"),
             QStringLiteral("patient/*.rs")});
    }

    // No records: the heap stays small, so that libFuzzer's leak checks (after every run that
    // keeps a token) stay quick.
    kete::sandbox::TokenStore tokens;
    kete::sandbox::AuthorizationServer server;
};

World *world = nullptr;

QByteArray withLiveValues(QByteArray text)
{
    if (text.contains("@T"))
        text.replace("@T", world->transaction());
    if (text.contains("@C"))
        text.replace("@C", world->code());
    if (text.contains("@V"))
        text.replace("@V", verifier);
    if (text.contains("@R"))
        text.replace("@R", world->refreshToken());
    return text;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    kete::fuzz::initialize(argc, argv);
    world = new World; // lives as long as the process
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using kete::sandbox::FormPost;
    if (size == 0)
        return 0;
    const QByteArray input = withLiveValues(kete::fuzz::bytes(data + 1, size - 1));
    const auto [authorization, body] = kete::fuzz::splitAtNewline(input);
    const FormPost post{QByteArrayLiteral("application/x-www-form-urlencoded"), authorization,
                        body};
    auto &server = world->server;
    switch (data[0] % 7) {
    case 0:
        (void)server.authorize(input);
        break;
    case 1:
        (void)server.signIn(input);
        break;
    case 2:
        (void)server.selectPatient(input);
        break;
    case 3:
        (void)server.consent(input);
        break;
    case 4:
        (void)server.token(post);
        break;
    case 5:
        (void)server.introspect(post);
        break;
    default:
        (void)server.revoke(post);
        break;
    }
    return 0;
}
