#include "sandbox/server/sandboxhost.h"
#include "smart/signin.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace kete;
using namespace kete::smart;

namespace {

// A browser stand-in with a script: it notes every page it is asked to show and, when told
// to, follows the auto-approving server's redirect as the embedded browser would.
class ScriptedPages final : public SignInPages
{
public:
    explicit ScriptedPages(QNetworkAccessManager *network)
        : m_follow(network)
    {}
    void attach(SignIn *signIn) { m_follow.attach(signIn); }

    bool approves = true; // false: the "user" never finishes (waits for Cancel)
    QList<BrowserMode> openedIn;
    QStringList requestedScopes;
    int closed = 0;

    void open(const QUrl &authorizeUrl, BrowserMode mode) override
    {
        openedIn.append(mode);
        requestedScopes.append(
            QUrlQuery(authorizeUrl).queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded));
        if (approves)
            m_follow.open(authorizeUrl, mode);
    }
    void close() override { ++closed; }

private:
    AutoApprovePages m_follow;
};

constexpr int kTimeout = 60000;

} // namespace

// smart::SignIn on its own, with no widget: discovery, scopes and the PKCE flow against the
// real sandbox over HTTP, the browser replaced by a scripted stand-in.
class TestHeadlessSignIn : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<sandbox::SandboxHost> m_host;
    QNetworkAccessManager m_network;

    static ClientRegistration client(const QString &id = QStringLiteral("kete-desktop"))
    {
        return {
            id, {}, QUrl(QStringLiteral("http://127.0.0.1/kete/callback")), BrowserMode::Embedded};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QFile clients(m_dir.filePath(QStringLiteral("clients.json")));
        QVERIFY(clients.open(QIODevice::WriteOnly));
        clients.write("{\"clients\": [{\"client_id\": \"labs-only\", \"type\": \"public\", "
                      "\"redirect_uris\": [\"http://127.0.0.1/kete/callback\"], "
                      "\"scopes\": [\"patient/Observation.rs\", \"launch/patient\"]}]}");
        clients.close();
        sandbox::SandboxOptions options;
        options.largePatientObservations = 200;
        options.autoApproveUser = QStringLiteral("amy-shaw");
        options.clientsFile = clients.fileName();
        m_host = std::make_unique<sandbox::SandboxHost>(options);
        QSignalSpy started(m_host.get(), &sandbox::SandboxHost::started);
        m_host->start();
        QVERIFY(started.wait(kTimeout));
    }

    void signsInWithThePagesItWasGiven()
    {
        ScriptedPages pages(&m_network);
        SignIn signIn(&m_network, &pages);
        pages.attach(&signIn);
        QSignalSpy succeeded(&signIn, &SignIn::succeeded);
        QSignalSpy failed(&signIn, &SignIn::failed);
        QSignalSpy steps(&signIn, &SignIn::stepChanged);
        signIn.start(SignInRequest{m_host->fhirBaseUrl(), client(), {}});
        QVERIFY(signIn.isRunning());
        QVERIFY(succeeded.wait(kTimeout));
        QVERIFY(failed.isEmpty());
        QVERIFY(!signIn.isRunning());
        const auto result = succeeded.constFirst().constFirst().value<SignInResult>();
        QCOMPARE(result.tokens.patient, QStringLiteral("amy-shaw"));
        QVERIFY(!result.tokens.accessToken.isEmpty());
        QVERIFY(!result.tokens.refreshToken.isEmpty());
        QCOMPARE(pages.openedIn, QList<BrowserMode>{BrowserMode::Embedded});
        // The scopes come from the server's capabilities and the request's choice.
        QCOMPARE(pages.requestedScopes.constFirst(),
                 ScopeSet::forSignIn(true, ScopeChoice{}).toString());
        QVERIFY(pages.closed >= 1);
        QVERIFY(steps.size() >= 3);
    }

    void cancelWhileThePageIsShown()
    {
        ScriptedPages pages(&m_network);
        pages.approves = false;
        SignIn signIn(&m_network, &pages);
        QSignalSpy failed(&signIn, &SignIn::failed);
        signIn.start(SignInRequest{m_host->fhirBaseUrl(), client(), {}});
        QTRY_COMPARE_WITH_TIMEOUT(pages.openedIn.size(), 1, kTimeout);
        const int closedBefore = pages.closed;
        signIn.cancel();
        QCOMPARE(failed.size(), 1);
        QVERIFY(SignIn::isCancellation(failed.constFirst().constFirst().value<Error>()));
        QVERIFY(pages.closed > closedBefore);
        QVERIFY(!signIn.isRunning());
    }

    void restartInTheSystemBrowser()
    {
        ScriptedPages pages(&m_network);
        pages.approves = false;
        SignIn signIn(&m_network, &pages);
        pages.attach(&signIn);
        QSignalSpy succeeded(&signIn, &SignIn::succeeded);
        signIn.start(SignInRequest{m_host->fhirBaseUrl(), client(), {}});
        QTRY_COMPARE_WITH_TIMEOUT(pages.openedIn.size(), 1, kTimeout);
        pages.approves = true;
        signIn.restartIn(BrowserMode::SystemBrowser);
        QVERIFY(succeeded.wait(kTimeout));
        QCOMPARE(pages.openedIn,
                 (QList<BrowserMode>{BrowserMode::Embedded, BrowserMode::SystemBrowser}));
    }

    void scopeRefusalIsRecognised()
    {
        ScriptedPages pages(&m_network);
        SignIn signIn(&m_network, &pages);
        pages.attach(&signIn);
        QSignalSpy failed(&signIn, &SignIn::failed);
        signIn.start(SignInRequest{m_host->fhirBaseUrl(), client(QStringLiteral("labs-only")), {}});
        QVERIFY(failed.wait(kTimeout));
        QVERIFY(SignIn::isScopeRefusal(failed.constFirst().constFirst().value<Error>()));
    }

    void noPagesWithoutSmart()
    {
        ScriptedPages pages(&m_network);
        SignIn signIn(&m_network, &pages);
        QSignalSpy failed(&signIn, &SignIn::failed);
        QUrl nowhere = m_host->fhirBaseUrl();
        nowhere.setPath(QStringLiteral("/not-fhir"));
        signIn.start(SignInRequest{nowhere, client(), {}});
        QVERIFY(failed.wait(kTimeout));
        QVERIFY(pages.openedIn.isEmpty());
        QVERIFY(!SignIn::isCancellation(failed.constFirst().constFirst().value<Error>()));
    }
};

QTEST_MAIN(TestHeadlessSignIn)
#include "tst_headlesssignin.moc"
