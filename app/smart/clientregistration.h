#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace kete::smart {

// How the provider's sign-in page is shown: in Kete's embedded browser (the redirect is caught
// before it loads, no socket listens), or in the system browser with a loopback redirect
// (RFC 8252 §7.3: a one-shot listener on 127.0.0.1).
enum class BrowserMode
{
    Embedded,
    SystemBrowser
};

// Kete as the provider knows it. A public client has no secret and authenticates with PKCE
// alone; a confidential symmetric client sends HTTP Basic at the token endpoint (SMART
// "client-confidential-symmetric").
struct ClientRegistration
{
    QString clientId;
    QByteArray clientSecret; // secret: keychain only, never settings or logs
    QUrl redirectUri;
    BrowserMode browserMode = BrowserMode::Embedded;

    bool isConfidential() const { return !clientSecret.isEmpty(); }
};

} // namespace kete::smart
