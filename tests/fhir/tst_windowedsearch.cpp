// A long search loaded as several at once (WindowedSearch) against the real sandbox on
// 127.0.0.1: the first page newest first, then date windows; every result arrives exactly once,
// also when the server answers windows that overlap (the overlapping-windows fault).
#include "fhir/fhirclient.h"
#include "fhir/windowedsearch.h"
#include "sandbox/auth/accessgrant.h"
#include "sandbox/data/patientgenerator.h"
#include "sandbox/fhirapi/fhirapi.h"
#include "sandbox/server/sandboxserver.h"

#include <QTest>

using namespace kete;
using namespace kete::fhir;
using namespace std::chrono_literals;

namespace {

class SandboxToken final : public AccessTokenSource
{
public:
    explicit SandboxToken(QByteArray token)
        : m_token(std::move(token))
    {}
    QByteArray currentToken() const override { return m_token; }
    void refresh(RefreshDone done) override
    {
        done(Error{QStringLiteral("no refresh here"), QStringLiteral("test.sandbox-token")});
    }

private:
    QByteArray m_token;
};

struct Loaded
{
    QStringList ids;
    RequestOutcome outcome;
    int pages = 0;
    int windowSearches = 0; // searches with a date bound
};

} // namespace

class tst_WindowedSearch : public QObject
{
    Q_OBJECT

private:
    // The large patient's lab results through a WindowedSearch; `loaded` gets what arrived.
    void loadLabs(const sandbox::FaultPlan &faults, Loaded &loaded)
    {
        sandbox::SandboxOptions options;
        options.largePatientObservations = 3000;
        options.faults = faults;
        sandbox::SandboxServer server(options);
        const Result<QUrl> base = server.start();
        QVERIFY2(base.ok(), qPrintable(base ? QString() : base.error().detail));
        const QString patient = sandbox::PatientGenerator::largePatientId();
        sandbox::AccessGrant grant;
        grant.clientId = QStringLiteral("kete-desktop");
        grant.scopes = {QStringLiteral("patient/*.rs")};
        grant.patientId = patient;
        grant.fhirUser = QStringLiteral("Patient/") + patient;
        grant.audience = base->toString();
        SandboxToken token(server.tokens().issue(grant, false, 1h).accessToken);

        FhirClient client(*base, &token);
        connect(&client, &FhirClient::requestFinished, this,
                [&loaded](const RequestRecord &record) {
                    if (record.url.contains(QLatin1String("date=lt")) ||
                        record.url.contains(QLatin1String("date=le")))
                        ++loaded.windowSearches;
                });
        WindowedSearch search(&client, QStringLiteral("Observation"),
                              SearchQuery()
                                  .add(QStringLiteral("patient"), patient)
                                  .add(QStringLiteral("category"), QStringLiteral("laboratory")),
                              QStringLiteral("date"), QStringLiteral("-date"), 100);
        connect(&search, &WindowedSearch::pageReceived, this, [&loaded](const BundlePage &page) {
            ++loaded.pages;
            for (const Observation &observation : page.observations)
                loaded.ids.append(observation.id);
        });
        bool done = false;
        connect(&search, &WindowedSearch::finished, this,
                [&loaded, &done](const RequestOutcome &outcome) {
                    loaded.outcome = outcome;
                    done = true;
                });
        search.start();
        QTRY_VERIFY_WITH_TIMEOUT(done, 60000);
    }

    static void verifyEachOnce(const Loaded &loaded)
    {
        QVERIFY2(loaded.outcome.ok(),
                 qPrintable(loaded.outcome.error ? loaded.outcome.error->detail : QString()));
        QVERIFY(loaded.outcome.total.has_value());
        QVERIFY(*loaded.outcome.total > WindowedSearch::windowThreshold);
        const QSet<QString> distinct(loaded.ids.cbegin(), loaded.ids.cend());
        QCOMPARE(loaded.ids.size(), distinct.size());
        QCOMPARE(loaded.ids.size(), *loaded.outcome.total);
        // Split: the date windows were searched.
        QCOMPARE(loaded.windowSearches, WindowedSearch::windowCount);
    }

private Q_SLOTS:
    void everyResultOnceAcrossWindows()
    {
        Loaded loaded;
        loadLabs({}, loaded);
        verifyEachOnce(loaded);
    }

    void everyResultOnceWhenWindowsOverlap()
    {
        sandbox::FaultPlan faults;
        faults.enable(sandbox::Fault::OverlappingWindows);
        Loaded loaded;
        loadLabs(faults, loaded);
        verifyEachOnce(loaded);
    }
};

QTEST_GUILESS_MAIN(tst_WindowedSearch)
#include "tst_windowedsearch.moc"
