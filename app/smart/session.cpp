#include "smart/session.h"

#include "common/jws.h"
#include "common/logging.h"
#include "smart/clientassertion.h"
#include "smart/tokenendpoint.h"
#include "storage/chunkedsecretstore.h"
#include "storage/secretstore.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QPointer>

namespace kete::smart {

Session::Session(SmartConfiguration configuration, ClientRegistration client, TokenSet tokens,
                 Clock clock, QObject *parent)
    : QObject(parent)
    , m_configuration(std::move(configuration))
    , m_client(std::move(client))
    , m_tokens(std::move(tokens))
    , m_clock(std::move(clock))
    , m_network(std::make_unique<QNetworkAccessManager>())
    , m_tokenEndpoint(new TokenEndpointClient(m_network.get(), m_client, this))
{
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_refreshTimer, &QTimer::timeout, this, &Session::refreshIfDue);
    noteLifetime();
    scheduleRefresh();
}

Session::~Session()
{
    // Replies still in flight must not call back into a half-destroyed session.
    delete m_tokenEndpoint;
    m_tokenEndpoint = nullptr;
}

std::unique_ptr<Session> Session::fromSignIn(const SignInResult &result, Clock clock)
{
    return std::make_unique<Session>(result.configuration, result.client, result.tokens,
                                     std::move(clock));
}

void Session::rememberIn(ChunkedSecretStore *store, const QString &refreshTokenKey)
{
    m_store = store;
    m_refreshTokenKey = refreshTokenKey;
    m_storedRefreshToken = {};
    storeRefreshToken();
}

QByteArray Session::currentToken() const
{
    return m_tokens.accessToken;
}

void Session::noteLifetime()
{
    m_lifetimeMs = m_tokens.expiresAt.isValid() ? m_clock().msecsTo(m_tokens.expiresAt) : -1;
}

void Session::useAssertionGrant(std::shared_ptr<const jws::RsaKey> key, const QString &clientId)
{
    m_assertionKey = std::move(key);
    m_assertionClientId = clientId;
    const QByteArray refreshToken = std::exchange(m_tokens.refreshToken, QByteArray());
    if (!refreshToken.isEmpty() && !m_configuration.revocationEndpoint.isEmpty())
        m_tokenEndpoint->revoke(m_configuration.revocationEndpoint, refreshToken,
                                QStringLiteral("refresh_token"), [](const Result<void> &) {});
    if (m_store && !m_refreshTokenKey.isEmpty()) {
        m_store->remove(m_refreshTokenKey, [](const Result<void> &) {});
        m_storedRefreshToken = {};
    }
    qCInfo(lcAuth) << "tokens now come from the JWT bearer grant";
    scheduleRefresh();
}

std::optional<qint64> Session::msecsUntilRefresh() const
{
    if (!m_tokens.expiresAt.isValid() || !canRenew())
        return std::nullopt;
    const QDateTime now = m_clock();
    const qint64 remaining = now.msecsTo(m_tokens.expiresAt);
    // A long-lived token shortly before it expires; a short-lived one at half its life (a
    // fixed margin as long as the lifetime would refresh again at once, without end).
    const qint64 margin =
        m_lifetimeMs > shortLifetimeSeconds * 1000 ? refreshMarginSeconds * 1000 : m_lifetimeMs / 2;
    qint64 delay = remaining - margin;
    if (m_lastRefreshAt.isValid())
        delay = std::max(delay, minimumRefreshIntervalMs - m_lastRefreshAt.msecsTo(now));
    return std::max<qint64>(0, delay);
}

void Session::scheduleRefresh()
{
    m_refreshTimer.stop();
    const std::optional<qint64> delay = msecsUntilRefresh();
    if (!delay)
        return;
    // QTimer takes an int of milliseconds; a day is far enough to re-check. A very coarse timer
    // may fire up to a second early: fine for an hour-long token, not for a 5-second one.
    const qint64 ms = std::min<qint64>(*delay, 24 * 3600 * 1000);
    m_refreshTimer.setTimerType(ms < 120 * 1000 ? Qt::PreciseTimer : Qt::VeryCoarseTimer);
    m_refreshTimer.start(int(ms));
}

void Session::refreshIfDue()
{
    if (!canRenew() || m_refreshing)
        return;
    if (m_tokens.hasAccessToken()) {
        const std::optional<qint64> delay = msecsUntilRefresh();
        if (!delay)
            return;
        if (*delay > 0) {
            scheduleRefresh();
            return;
        }
    }
    qCInfo(lcAuth) << "access token expires soon; refreshing";
    refresh([](const Result<QByteArray> &) {});
}

void Session::refresh(RefreshDone done)
{
    if (!canRenew()) {
        const Error error{tr("Your sign-in cannot be renewed. Please sign in again."),
                          QStringLiteral("session.no-refresh-token")};
        done(error);
        Q_EMIT refreshed(false, error.detail);
        Q_EMIT signInRequired(error.message);
        return;
    }
    m_waiting.push_back(std::move(done));
    if (m_refreshing)
        return;
    m_refreshing = true;
    m_refreshTimer.stop();
    m_lastRefreshAt = m_clock();
    ++m_refreshRequests;
    qCInfo(lcAuth) << "refreshing access token at" << loggableUrl(m_configuration.tokenEndpoint);
    if (m_assertionKey) {
        m_tokenEndpoint->assertionGrant(
            m_configuration.tokenEndpoint, m_assertionClientId,
            clientAssertion(*m_assertionKey, m_assertionClientId, m_configuration.tokenEndpoint,
                            m_clock()),
            [this](const Result<QJsonObject> &reply) { finishRefresh(reply); });
        return;
    }
    // The provider rotates the refresh token as it answers. A process quitting meanwhile waits
    // for the new one to be kept: the next start would otherwise present the old one, which the
    // provider takes for a replay, and the sign-in would end. Also without a store yet: a
    // restored sign-in is given its store by the callers of this refresh (rememberIn).
    auto rotation = std::make_shared<SecretStore::ExpectedChange>();
    m_tokenEndpoint->refresh(m_configuration.tokenEndpoint, m_tokens.refreshToken,
                             [this, rotation](const Result<QJsonObject> &reply) mutable {
                                 finishRefresh(reply); // starts the keychain write, if any
                                 rotation.reset();
                             });
}

void Session::finishRefresh(const Result<QJsonObject> &reply)
{
    m_refreshing = false;
    std::vector<RefreshDone> waiting;
    waiting.swap(m_waiting);

    std::optional<Error> problem;
    bool rejected = false;
    bool rotated = false;
    if (!reply.ok()) {
        problem = reply.error();
        rejected = isOAuthRefusal(reply.error().code);
    } else {
        auto refreshed = TokenSet::fromResponse(reply.value(), m_clock(), m_tokens.grantedScope);
        if (refreshed.ok()) {
            rotated = !refreshed->refreshToken.isEmpty() &&
                      refreshed->refreshToken != m_tokens.refreshToken;
            m_tokens.mergeRefresh(refreshed.value());
            noteLifetime();
        } else
            problem = refreshed.error();
    }

    if (problem) {
        qCWarning(lcAuth) << "refresh failed:" << problem->detail;
        if (rejected) {
            // The provider withdrew the sign-in: drop what can no longer be used.
            m_tokens = TokenSet{};
            m_refreshTimer.stop();
        }
        Q_EMIT refreshed(false, problem->detail);
        for (const auto &done : waiting)
            done(*problem);
        if (rejected) {
            Q_EMIT tokensChanged();
            Q_EMIT signInRequired(problem->message);
        }
        return;
    }

    qCInfo(lcAuth) << "access token refreshed";
    const qint64 validFor =
        m_tokens.expiresAt.isValid() ? m_clock().secsTo(m_tokens.expiresAt) : qint64(-1);
    const QString validity = validFor >= 0 ? tr("new access token, valid for %1 s").arg(validFor)
                                           : tr("new access token");
    Q_EMIT refreshed(
        true, m_assertionKey
                  ? tr("JWT bearer grant with a signed assertion (not shown); %1").arg(validity)
                  : validity + QStringLiteral("; ") +
                        (rotated ? tr("refresh token rotated") : tr("refresh token kept")));
    scheduleRefresh();
    storeRefreshToken();
    Q_EMIT tokensChanged();
    const QByteArray token = m_tokens.accessToken;
    for (const auto &done : waiting)
        done(token);
}

void Session::restore(std::function<void(Result<void>)> done)
{
    refresh([done = std::move(done)](const Result<QByteArray> &token) {
        if (done)
            done(token.ok() ? Result<void>() : Result<void>(token.error()));
    });
}

void Session::storeRefreshToken()
{
    if (m_assertionKey || !m_store || m_refreshTokenKey.isEmpty() ||
        m_tokens.refreshToken.isEmpty() || m_tokens.refreshToken == m_storedRefreshToken)
        return;
    const QByteArray token = m_tokens.refreshToken;
    QPointer<Session> self(this);
    m_store->write(m_refreshTokenKey, token, [self, token](const Result<void> &written) {
        if (!self)
            return;
        if (!written) {
            qCWarning(lcAuth) << "could not remember the sign-in:" << written.error().detail;
            Q_EMIT self->rememberFailed(written.error());
            return;
        }
        self->m_storedRefreshToken = token;
        qCInfo(lcAuth) << "refresh token stored in the keychain";
    });
}

void Session::signOut(std::function<void(Result<void>)> done)
{
    const TokenSet tokens = std::exchange(m_tokens, TokenSet{});
    m_refreshTimer.stop();
    Q_EMIT tokensChanged();

    struct Progress
    {
        int pending = 1;      // released at the end of this function
        Result<void> outcome; // done, or the first problem
        std::function<void(Result<void>)> done;
    };
    auto progress = std::make_shared<Progress>();
    progress->done = std::move(done);
    QPointer<Session> self(this);
    const auto step = [progress, self](const Result<void> &stepDone) {
        if (!stepDone && progress->outcome)
            progress->outcome = stepDone;
        if (--progress->pending > 0)
            return;
        qCInfo(lcAuth) << "signed out";
        if (self)
            Q_EMIT self->signedOut();
        if (progress->done)
            progress->done(progress->outcome);
    };

    const QUrl revocation = m_configuration.revocationEndpoint;
    if (!revocation.isEmpty()) {
        if (!tokens.refreshToken.isEmpty()) {
            ++progress->pending;
            m_tokenEndpoint->revoke(revocation, tokens.refreshToken,
                                    QStringLiteral("refresh_token"), step);
        }
        if (!tokens.accessToken.isEmpty()) {
            ++progress->pending;
            m_tokenEndpoint->revoke(revocation, tokens.accessToken, QStringLiteral("access_token"),
                                    step);
        }
    }
    if (m_store && !m_refreshTokenKey.isEmpty()) {
        ++progress->pending;
        m_store->remove(m_refreshTokenKey, step);
        m_storedRefreshToken = {};
    }
    step({});
}

} // namespace kete::smart
