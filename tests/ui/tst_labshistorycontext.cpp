#include "fhir/attachmenttext.h"
#include "labfixtures.h"
#include "labs/labsview.h"
#include "models/labhistorymodel.h"
#include "models/labtestsmodel.h"
#include "record/patientrecord.h"
#include "record/performerdirectory.h"
#include "sandbox/auth/accessgrant.h"
#include "sandbox/server/sandboxserver.h"
#include "support/screenshot.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace kete;
using namespace kete::fhir;
using namespace kete::models;
using namespace kete::ui;

namespace {

// A token the sandbox issued, which cannot be refreshed.
class IssuedToken final : public AccessTokenSource
{
public:
    explicit IssuedToken(QByteArray token)
        : m_token(std::move(token))
    {}
    QByteArray currentToken() const override { return m_token; }
    void refresh(RefreshDone done) override
    {
        done(Error{QStringLiteral("no refresh here"), QStringLiteral("test.issued-token")});
    }

private:
    QByteArray m_token;
};

QByteArray base64(const QString &text)
{
    return text.toUtf8().toBase64();
}

Observation potassium(const QString &id, const QJsonArray &performer)
{
    QJsonObject o{
        {QStringLiteral("resourceType"), QStringLiteral("Observation")},
        {QStringLiteral("id"), id},
        {QStringLiteral("status"), QStringLiteral("final")},
        {QStringLiteral("code"),
         fixtures::concept_(QStringLiteral("http://loinc.org"), QStringLiteral("2823-3"),
                            QStringLiteral("Potassium"))},
        {QStringLiteral("effectiveDateTime"), QStringLiteral("2025-02-0%1").arg(id.right(1))},
        {QStringLiteral("valueQuantity"), fixtures::quantity(4.1, QStringLiteral("mmol/L"))},
        {QStringLiteral("performer"), performer},
    };
    return parseObservation(o).value();
}

const QString kHostile =
    QStringLiteral("<html><head><title>T</title><style>p{color:red}</style></head><body>"
                   "<h3>Comment</h3><p>Sample slightly <b>haemolysed</b> &amp; re-run.</p>"
                   "<script>alert('x')</script><img src=http://evil.example/track.png>"
                   "<a href=\"http://evil.example/\">click</a><!-- hidden --></body></html>");

} // namespace

// A result's context in its history: "Performed by" names a person or an organisation (the
// reference's display, or the Practitioner read once from the record's own server) and never
// shows a raw reference; what the lab wrote (Observation.note, DiagnosticReport.conclusion,
// presentedForm text with its HTML reduced to text) reads under the result.
class TestLabsHistoryContext : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }

    void presentedFormText_data()
    {
        QTest::addColumn<QString>("contentType");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << "text/plain" << base64(QStringLiteral("Repeat in 3 months."))
                               << "Repeat in 3 months.";
        QTest::newRow("html, hostile") << "text/html; charset=utf-8" << base64(kHostile)
                                       << "Comment\n\nSample slightly haemolysed & re-run.\nclick";
        QTest::newRow("pdf is not read")
            << "application/pdf" << base64(QStringLiteral("%PDF")) << QString();
        QTest::newRow("not base64")
            << "text/plain" << QByteArray("@@@ not base64 @@@") << QString();
        QTest::newRow("too large")
            << "text/plain" << base64(QString(kMaxAttachmentBytes + 1, QLatin1Char('a')))
            << QString();
    }

    void presentedFormText()
    {
        QFETCH(QString, contentType);
        QFETCH(QByteArray, data);
        QFETCH(QString, expected);
        const QString text = attachmentText(contentType, data);
        QCOMPARE(text, expected);
        for (const char *never : {"<", "script", "alert", "img", "http", "hidden", "color"})
            QVERIFY2(!text.contains(QLatin1String(never)), never);
    }

    // A presentedForm that is only a link is never followed.
    void presentedFormUrlIsNotFollowed()
    {
        const auto report = parseDiagnosticReport(fixtures::json(
            "{ "
            "\"resourceType\": \"DiagnosticReport\", \"id\": \"r\", \"status\": \"final\", "
            "\"code\": {\"text\": \"Panel\"}, \"conclusion\": \" Normal. \", "
            "\"presentedForm\": [{\"contentType\": \"text/html\", \"url\": "
            "\"http://evil.example/r.html\"}]} "));
        QVERIFY(report.ok());
        QCOMPARE(report.value().conclusion, QStringLiteral("Normal."));
        QCOMPARE(report.value().presentedText, QString());
    }

    void performerByDisplayNeverRawReference()
    {
        LabTestsModel model;
        model.addObservations(
            {potassium(QStringLiteral("k1"),
                       QJsonArray{QJsonObject{{QStringLiteral("reference"),
                                               QStringLiteral("Practitioner/dr-rangi-parata")}}}),
             potassium(QStringLiteral("k2"),
                       QJsonArray{QJsonObject{
                           {QStringLiteral("reference"), QStringLiteral("Organization/lab-1")},
                           {QStringLiteral("display"), QStringLiteral("Wellington Lab")}}}),
             potassium(QStringLiteral("k3"),
                       QJsonArray{QJsonObject{
                           {QStringLiteral("reference"), QStringLiteral("Organization/lab-2")}}})});
        LabHistoryModel history;
        QAbstractItemModelTester tester(&history);
        history.setResults(model.observations(model.testKey(0)), {});
        QCOMPARE(history.rowCount(), 3);
        const auto performer = [&](int row) {
            return history.index(row, LabHistoryModel::PerformerColumn).data().toString();
        };
        QCOMPARE(performer(0), QStringLiteral("an organization")); // k3
        QCOMPARE(performer(1), QStringLiteral("Wellington Lab"));
        QCOMPARE(performer(2), QStringLiteral("a practitioner"));
    }

    void labWordsShownUnderTheResult()
    {
        LabTestsModel model;
        Observation withNote = potassium(QStringLiteral("k1"), {});
        withNote.notes = {QStringLiteral("Taken after a meal.")};
        model.addObservations({withNote, potassium(QStringLiteral("k2"), {})});
        const auto parsed = parseDiagnosticReport(QJsonObject{
            {QStringLiteral("resourceType"), QStringLiteral("DiagnosticReport")},
            {QStringLiteral("id"), QStringLiteral("r1")},
            {QStringLiteral("status"), QStringLiteral("final")},
            {QStringLiteral("code"), QJsonObject{{QStringLiteral("text"), QStringLiteral("BMP")}}},
            {QStringLiteral("result"), QJsonArray{QJsonObject{{QStringLiteral("reference"),
                                                               QStringLiteral("Observation/k2")}}}},
            {QStringLiteral("conclusion"), QStringLiteral("Potassium normal; no action.")},
            {QStringLiteral("presentedForm"),
             QJsonArray{
                 QJsonObject{{QStringLiteral("contentType"), QStringLiteral("text/html")},
                             {QStringLiteral("data"), QString::fromLatin1(base64(kHostile))}}}},
        });
        QVERIFY(parsed.ok());
        model.addReports({parsed.value()});

        LabsView view(&model);
        view.resize(1000, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.selectTest(model.testKey(0));
        auto *history = view.historyModel();
        QCOMPARE(history->rowCount(), 2);
        // Newest first: k2 with its report's words, then k1 with its note.
        const QString k2 = history->index(0, LabHistoryModel::NoteColumn).data().toString();
        QVERIFY2(k2.contains(QStringLiteral("Conclusion: Potassium normal; no action.")),
                 qPrintable(k2));
        QVERIFY2(k2.contains(QStringLiteral("Sample slightly haemolysed & re-run.")),
                 qPrintable(k2));
        QCOMPARE(history->index(1, LabHistoryModel::NoteColumn).data().toString(),
                 QStringLiteral("Taken after a meal."));

        auto *under = view.findChild<QLabel *>(QStringLiteral("labResultComments"));
        QVERIFY(under);
        QVERIFY(under->isVisible());
        QVERIFY2(under->text().contains(QStringLiteral("Potassium normal")),
                 qPrintable(under->text()));
        for (const char *never : {"<", "script", "alert", "img", "http"})
            QVERIFY2(!under->text().contains(QLatin1String(never)), never);
        view.historyView()->setCurrentIndex(history->index(1, 0));
        QVERIFY(under->text().contains(QStringLiteral("Taken after a meal.")));
    }

    // A long report keeps the history in sight: its start under the result, all of it in the
    // tooltip and the Note column.
    void longWordsAreCutUnderTheResult()
    {
        LabTestsModel model;
        Observation o = potassium(QStringLiteral("k1"), {});
        const QString longNote = QStringLiteral("Long comment. ").repeated(200);
        o.notes = {longNote.trimmed()};
        model.addObservations({o});
        LabsView view(&model);
        view.resize(1000, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.selectTest(model.testKey(0));
        auto *under = view.findChild<QLabel *>(QStringLiteral("labResultComments"));
        QVERIFY(under->text().size() < 700);
        QVERIFY(under->text().endsWith(QStringLiteral("…")));
        QCOMPARE(under->toolTip(), longNote.trimmed());
        QCOMPARE(view.historyModel()->index(0, LabHistoryModel::NoteColumn).data().toString(),
                 longNote.trimmed());
    }

    // Against the real sandbox: the grant covers Practitioner and Organization (a clinician's
    // user-level one, and a patient's own), so the references the sandbox's results carry (the
    // practitioner, and the laboratory on lab results) are each read once and their names shown;
    // the demo's reports bring their conclusion and presentedForm text under the results.
    void fetchedNameFromTheSandbox_data()
    {
        QTest::addColumn<QString>("level");
        QTest::addColumn<QString>("fhirUser");
        QTest::newRow("clinician")
            << QStringLiteral("user/") << QStringLiteral("Practitioner/dr-sarah-okafor");
        QTest::newRow("patient") << QStringLiteral("patient/")
                                 << QStringLiteral("Patient/amy-shaw");
    }

    void fetchedNameFromTheSandbox()
    {
        QFETCH(QString, level);
        QFETCH(QString, fhirUser);
        sandbox::SandboxOptions options;
        options.largePatientObservations = 100;
        sandbox::SandboxServer server(options);
        const Result<QUrl> base = server.start();
        QVERIFY(base.ok());
        const QString patient = QStringLiteral("amy-shaw");
        record::PatientRecord record(token(server, *base, level, fhirUser, patient, true), *base,
                                     patient);
        QSignalSpy loaded(&record, &record::PatientRecord::loaded);
        record.load();
        QVERIFY(loaded.wait(60000));
        QVERIFY(record.outcome() && record.outcome()->ok());

        LabsView view(record.labTests());
        view.resize(1100, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.selectTest(record.labTests()->testKey(0));
        auto *history = view.historyModel();
        QVERIFY(history->rowCount() > 0);
        const auto performer = [&] {
            return history->index(0, LabHistoryModel::PerformerColumn).data().toString();
        };
        QVERIFY2(performer().startsWith(QStringLiteral("a practitioner")), // until it is there
                 qPrintable(performer()));
        QTRY_VERIFY2(performer().contains(QStringLiteral("Parata")), qPrintable(performer()));
        // Every test's results, every row: the names, and one read of each in all.
        auto *names =
            qobject_cast<record::PerformerDirectory *>(record.labTests()->performerNames());
        QVERIFY(names);
        const auto laboratoryNamed = [&] {
            bool named = false;
            for (int row = 0; row < record.labTests()->rowCount(); ++row) {
                view.selectTest(record.labTests()->testKey(row));
                for (int r = 0; r < history->rowCount(); ++r) {
                    const QString text =
                        history->index(r, LabHistoryModel::PerformerColumn).data().toString();
                    if (text.contains(QLatin1Char('/')) ||
                        text.contains(QStringLiteral("an organization")) ||
                        text.contains(QStringLiteral("a practitioner")))
                        return false;
                    named = named || text.contains(QStringLiteral("Kete Community Laboratory"));
                }
            }
            return named;
        };
        QTRY_VERIFY(laboratoryNamed());
        QCOMPARE(names->readsStarted(), 2);

        // The demo's reports: some with a conclusion, some with a presentedForm.
        bool conclusion = false;
        bool presented = false;
        for (int row = 0; row < record.labTests()->rowCount(); ++row) {
            view.selectTest(record.labTests()->testKey(row));
            for (int r = 0; r < history->rowCount(); ++r) {
                const QString note =
                    history->index(r, LabHistoryModel::NoteColumn).data().toString();
                conclusion =
                    conclusion || note.contains(QStringLiteral("reviewed by the laboratory"));
                presented = presented ||
                            note.contains(QStringLiteral("Specimen received in good condition"));
                // HTML reduced to text: no tags, entities decoded ("&lt;" reads "<").
                QVERIFY(!note.contains(QLatin1String("<p>")) &&
                        !note.contains(QLatin1String("&lt;")));
            }
        }
        QVERIFY(conclusion);
        QVERIFY(presented);

        // A look: a result with the report's words chosen in the history.
        for (int row = 0; row < record.labTests()->rowCount(); ++row) {
            view.selectTest(record.labTests()->testKey(row));
            for (int r = 0; r < history->rowCount(); ++r) {
                if (history->index(r, LabHistoryModel::NoteColumn)
                        .data()
                        .toString()
                        .contains(QStringLiteral("Specimen received"))) {
                    view.historyView()->setCurrentIndex(history->index(r, 0));
                    test::saveScreenshot(view, QStringLiteral("labshistorycontext-sandbox.png"));
                    return;
                }
            }
        }
    }

    // A patient's grant without Practitioner or Organization: nothing is asked, the kind is said;
    // a grant that Kete thinks covers them but the server refuses: the load still succeeds, the
    // kind is said.
    void noPractitionerGrantSaysAPractitioner_data()
    {
        QTest::addColumn<bool>("kindOnly");
        QTest::newRow("not granted") << true;
        QTest::newRow("refused by the server") << false;
    }

    void noPractitionerGrantSaysAPractitioner()
    {
        QFETCH(bool, kindOnly);
        sandbox::SandboxOptions options;
        options.largePatientObservations = 100;
        sandbox::SandboxServer server(options);
        const Result<QUrl> base = server.start();
        QVERIFY(base.ok());
        const QString patient = QStringLiteral("amy-shaw");
        RecordLoader::TypeFilter mayRead;
        if (kindOnly)
            mayRead = [](QStringView type) {
                return type != QLatin1String("Practitioner") &&
                       type != QLatin1String("Organization");
            };
        record::PatientRecord record(token(server, *base, QStringLiteral("patient/"),
                                           QStringLiteral("Patient/") + patient, patient, false),
                                     *base, patient, mayRead);
        QSignalSpy loaded(&record, &record::PatientRecord::loaded);
        record.load();
        QVERIFY(loaded.wait(60000));
        QVERIFY(record.outcome() && record.outcome()->ok());
        LabsView view(record.labTests());
        view.show();
        view.selectTest(record.labTests()->testKey(0));
        auto *history = view.historyModel();
        auto *names =
            qobject_cast<record::PerformerDirectory *>(record.labTests()->performerNames());
        const auto performer = [&] {
            return history->index(0, LabHistoryModel::PerformerColumn).data().toString();
        };
        QVERIFY2(performer().startsWith(QStringLiteral("a practitioner")), qPrintable(performer()));
        if (kindOnly) {
            QCOMPARE(names->readsStarted(), 0);
        } else {
            const int reads = names->readsStarted();
            QVERIFY(reads >= 1);
            QTRY_COMPARE(record.client()->requestsInFlight(), 0);
            QVERIFY2(performer().startsWith(QStringLiteral("a practitioner")),
                     qPrintable(performer()));
            QCOMPARE(names->readsStarted(), reads); // not asked again
        }
    }

private:
    static std::shared_ptr<AccessTokenSource> token(sandbox::SandboxServer &server,
                                                    const QUrl &base, const QString &level,
                                                    const QString &fhirUser, const QString &patient,
                                                    bool performers)
    {
        sandbox::AccessGrant grant;
        grant.clientId = QStringLiteral("kete");
        for (const char *type : {"Patient", "Observation", "DiagnosticReport", "Condition"})
            grant.scopes << level + QLatin1String(type) + QStringLiteral(".read");
        if (performers) {
            grant.scopes << level + QStringLiteral("Practitioner.read");
            grant.scopes << level + QStringLiteral("Organization.read");
        }
        grant.patientId = patient;
        grant.fhirUser = fhirUser;
        grant.audience = base.toString();
        return std::make_shared<IssuedToken>(
            server.tokens().issue(grant, false, std::chrono::hours(1)).accessToken);
    }
};

QTEST_MAIN(TestLabsHistoryContext)
#include "tst_labshistorycontext.moc"
