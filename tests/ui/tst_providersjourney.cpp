#include "charts/trendchart.h"
#include "dialogs/dialogs.h"
#include "journey.h"
#include "labs/labsview.h"
#include "merge/mergedrecord.h"
#include "models/conditionsmodel.h"
#include "models/labhistorymodel.h"
#include "offline/offlinecopy.h"
#include "providers/patienthome.h"
#include "providers/providerstrip.h"
#include "record/patientrecord.h"
#include "record/recordview.h"
#include "sandbox/server/sandboxhost.h"
#include "shell/mainwindow.h"
#include "shell/welcomepage.h"
#include "shell/windowactions.h"
#include "signin/signinbrowser.h"
#include "signin/signincoordinator.h"
#include "smart/session.h"
#include "widgets/messagebar.h"

#include <QAbstractItemView>
#include <QAbstractSeries>
#include <QAction>
#include <QChart>
#include <QFile>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace kete;
using namespace kete::ui;
using namespace journey;

// As a patient with two providers would: sign in to the first, add the second from the File
// menu, read one record from both; one provider's sign-in ends, the other's data stays; remove a
// provider; and a provider whose patient is someone else is said to be.
class TestProvidersJourney : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_first = startSandbox(300);
        m_second = startSandbox(300, {sandbox::Fault::RefreshTokenExpired});
        QVERIFY(m_first && m_second);
    }

    void bothProvidersInOneView()
    {
        OwnWindow own(m_dir, u"both");
        MainWindow &window = own.window;
        QVERIFY(signInTo(window, m_first->fhirBaseUrl(), QStringLiteral("amy")));
        PatientHome *home = homeOf(window);
        QVERIFY(home);
        QVERIFY(!home->strip()->isVisible()); // one provider: as ever

        QVERIFY(addProvider(window, m_second->fhirBaseUrl(), QStringLiteral("amy")));
        QCOMPARE(home->connections().size(), 2);
        QVERIFY(home->strip()->isVisible());
        QCOMPARE(home->strip()->ids().size(), 2);
        for (const QString &id : home->strip()->ids())
            QTRY_VERIFY2(home->strip()->statusOf(id).startsWith(QStringLiteral("Up to date")),
                         qPrintable(home->strip()->statusOf(id)));
        QVERIFY(home->strip()->identityWarning().isEmpty());
        saveScreenshot(window, QStringLiteral("providers-both.png"));
    }

    // "Try the demo", then File -> Add a provider -> "Add the demo hospital": Amy's results
    // from the practice and the hospital in one table, the shared laboratory's once.
    void theDemoPracticeAndHospitalTogether()
    {
        OwnWindow own(m_dir, u"demo", 300);
        MainWindow &window = own.window;
        window.resize(1440, 900);
        auto *demo = window.welcomePage()->findChild<QPushButton *>(QStringLiteral("demoButton"));
        QVERIFY(demo);
        demo->click();
        QVERIFY(signInShown(window, QStringLiteral("amy"), 1));
        auto *add = window.findChild<QAction *>(QStringLiteral("addProviderAction"));
        QVERIFY(add && add->isEnabled());
        add->trigger();
        QVERIFY(window.welcomePage()->isAddingProvider());
        QCOMPARE(demo->text(), QStringLiteral("Add the demo hospital"));
        demo->click();
        QVERIFY(signInShown(window, QStringLiteral("amy"), 2));

        PatientHome *home = homeOf(window);
        merge::MergedRecord *together = home->together();
        QVERIFY(together);
        QCOMPARE(home->shownRecord(), together);
        QTRY_VERIFY(!together->isLoading());
        const record::PatientRecord *practice = home->recordOf(home->connections().at(0));
        const record::PatientRecord *hospital = home->recordOf(home->connections().at(1));
        QVERIFY(practice->patient().id != hospital->patient().id);
        QVERIFY(home->strip()->identityWarning().isEmpty());

        // Exactly the union of both providers' tests, the same analyte in one row.
        QSet<QString> expected;
        for (const record::PatientRecord *record : {practice, hospital}) {
            const models::LabTestsModel &tests = *record->labTests();
            for (int row = 0; row < tests.rowCount(); ++row) {
                for (const fhir::Observation &result : tests.observations(tests.testKey(row)))
                    expected.insert(merge::MergedRecord::testKeyFor(result));
            }
        }
        const models::LabTestsModel &merged = *together->labTests();
        QSet<QString> shown;
        for (int row = 0; row < merged.rowCount(); ++row)
            shown.insert(merged.testKey(row));
        QCOMPARE(shown, expected);

        // The 16 results of the shared laboratory (app/sandbox/data/README.md) once, with both
        // sources; every other result once.
        const int shared = 16;
        QCOMPARE(merged.observationCount(), practice->labTests()->observationCount() +
                                                hospital->labTests()->observationCount() - shared);
        int listedTwice = 0;
        for (int i = 0; i < together->store()->observationCount(); ++i) {
            if (together->sourcesOf(together->store()->observationAt(i).key).size() == 2)
                ++listedTwice;
        }
        QCOMPARE(listedTwice, shared);

        // Glucose in mg/dL (practice) and mmol/L (hospital): one row, converted values marked.
        bool converted = false;
        for (int row = 0; row < merged.rowCount(); ++row) {
            const QVariantList marks =
                merged.index(row, 0).data(models::LabTestsModel::RecentConvertedRole).toList();
            converted = converted || marks.contains(QVariant(true));
        }
        QVERIFY(converted);

        // Acute bronchitis: resolved at the practice, active at the hospital; both said.
        const models::ConditionsModel &conditions = *together->conditions();
        bool differs = false;
        for (int row = 0; row < conditions.rowCount(); ++row)
            differs = differs || conditions.statusDiffers(row);
        QVERIFY(differs);
        // On screen: the glucose row's history says where each result came from, its chart marks
        // the values converted from the hospital's mmol/L, and the exports name the sources.
        LabsView *labs = window.recordView()->labs();
        window.recordView()->showSection(RecordView::LabsSection);
        QString glucose;
        for (int row = 0; row < merged.rowCount() && glucose.isEmpty(); ++row) {
            const QVariantList marks =
                merged.index(row, 0).data(models::LabTestsModel::RecentConvertedRole).toList();
            if (marks.contains(QVariant(true)))
                glucose = merged.testKey(row);
        }
        labs->selectTest(glucose);
        labs->openDetail();
        const QAbstractItemModel *history = labs->historyView()->model();
        QStringList from;
        for (int row = 0; row < history->rowCount(); ++row)
            from << history->index(row, models::LabHistoryModel::SourceColumn).data().toString();
        QVERIFY2(from.contains(home->connections().at(0)->target().displayName) &&
                     from.contains(home->connections().at(1)->target().displayName),
                 qPrintable(from.join(u'|')));
        QVERIFY(!qobject_cast<QTableView *>(labs->historyView())
                     ->isColumnHidden(models::LabHistoryModel::SourceColumn));
        const QList<QAbstractSeries *> series = labs->chart()->chart()->series();
        QVERIFY(std::any_of(series.cbegin(), series.cend(), [](const QAbstractSeries *s) {
            return s->objectName() == QStringLiteral("converted");
        }));
        const QString csvPath = m_dir.filePath(QStringLiteral("labs.csv"));
        QVERIFY(labs->exportTestsCsv(csvPath));
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QString exported = QString::fromUtf8(csv.readAll());
        QVERIFY(exported.section(u'\n', 0, 0).contains(QStringLiteral("From")));
        QVERIFY(exported.contains(home->connections().at(1)->target().displayName));
        saveScreenshot(window, QStringLiteral("providers-demo-labs.png"));
        window.recordView()->showSection(RecordView::ConditionsSection);
        saveScreenshot(window, QStringLiteral("providers-demo-conditions.png"));
    }

    void oneSignInEndingLeavesTheOther()
    {
        OwnWindow own(m_dir, u"ended");
        MainWindow &window = own.window;
        QVERIFY(signInToBoth(window, QStringLiteral("amy")));
        PatientHome *home = homeOf(window);
        connection::Connection *second = home->connections().at(1);
        record::PatientRecord *first = home->recordOf(home->connections().at(0));
        const int firstResults = first->labTests()->observationCount();
        QVERIFY(firstResults > 0);

        // The second provider refuses to renew the sign-in (its refresh token "expired").
        second->session()->refresh([](const Result<QByteArray> &) {});
        QTRY_VERIFY_WITH_TIMEOUT(!second->isSignedIn(), kLoadTimeout);
        QTRY_VERIFY2(home->strip()
                         ->statusOf(second->providerKey())
                         .startsWith(QStringLiteral("Sign in again to update")),
                     qPrintable(home->strip()->statusOf(second->providerKey())));
        QVERIFY(home->strip()
                    ->statusOf(home->connections().at(0)->providerKey())
                    .startsWith(QStringLiteral("Up to date")));
        QVERIFY(window.messageBar()->text().contains(second->target().displayName));
        QCOMPARE(first->labTests()->observationCount(), firstResults);
        saveScreenshot(window, QStringLiteral("providers-sign-in-ended.png"));
    }

    void removingAProviderRemovesOnlyItsRecord()
    {
        OwnWindow own(m_dir, u"remove");
        MainWindow &window = own.window;
        QVERIFY(signInToBoth(window, QStringLiteral("amy")));
        PatientHome *home = homeOf(window);
        connection::Connection *second = home->connections().at(1);
        const QString removedId = second->providerId();
        QTRY_VERIFY_WITH_TIMEOUT(second->keptCopy(home->recordOf(second)) &&
                                     second->keptCopy(home->recordOf(second))->syncedAt().isValid(),
                                 kLoadTimeout);
        QVERIFY(copyKept(window, removedId) == true);
        dialogs::setNextAnswer(QMessageBox::Yes);
        Q_EMIT home->strip()->removeRequested(second->providerKey());
        QCOMPARE(home->connections().size(), 1);
        QVERIFY(!home->strip()->isVisible());
        QCOMPARE(home->shownRecord(), home->recordOf(home->connections().at(0)));
        QCOMPARE(home->recordView()->record(), home->shownRecord());
        QVERIFY(!window.connections()->connections().contains(second));
        // Signed out and forgotten: its sign-in and its copy on this computer are gone; the
        // first provider's stay.
        QVERIFY(copyKept(window, removedId) == false);
        QVERIFY(!window.providers()->provider(removedId));
        QTRY_COMPARE(keychainRefreshToken(*window.providers(), removedId), QByteArray());
        QVERIFY(!keychainRefreshToken(*window.providers(), home->connections().at(0)->providerId())
                     .isEmpty());
    }

    // The window closed at once after a removal, while the removed provider's sign-out is still
    // on its way: the sign-out ends without the window, and Kete goes on (it crashed when the
    // last hold on the session was dropped inside one of the session's own replies).
    void closingRightAfterARemoval()
    {
        auto own = std::make_unique<OwnWindow>(m_dir, u"close-after-remove");
        QVERIFY(signInToBoth(own->window, QStringLiteral("amy")));
        PatientHome *home = homeOf(own->window);
        dialogs::setNextAnswer(QMessageBox::Yes);
        Q_EMIT home->strip()->removeRequested(home->connections().at(1)->providerKey());
        own.reset();
        QTest::qWait(1500);
    }

    void anotherPersonIsSaidToBe()
    {
        OwnWindow own(m_dir, u"person");
        MainWindow &window = own.window;
        QVERIFY(signInToBoth(window, QStringLiteral("hemi")));
        PatientHome *home = homeOf(window);
        QTRY_VERIFY(home->strip()->identityWarning().contains(
            QStringLiteral("may not belong to the same person")));
        saveScreenshot(window, QStringLiteral("providers-another-person.png"));
        QPushButton *keepApart =
            home->strip()->findChild<QPushButton *>(QStringLiteral("keepApart"));
        QVERIFY(keepApart);
        keepApart->click();
        QVERIFY(home->strip()->identityWarning().isEmpty());
        QCOMPARE(home->shownRecord(), home->recordOf(home->connections().at(0)));
        home->show(QString()); // "together" is no longer offered
        QCOMPARE(home->shownRecord(), home->recordOf(home->connections().at(0)));
    }

private:
    static QString keychain(QStringView name)
    {
        return QStringLiteral("org.kete.Kete.tests.providers.") + name;
    }

    // A window of its own (its settings file and keychain service), 1024×700, shown.
    struct OwnWindow
    {
        OwnWindow(const QTemporaryDir &dir, QStringView name, int observations = 1000)
            : settings(dir.filePath(name + QStringLiteral(".ini")), QSettings::IniFormat)
            , window(windowOptions(&settings, keychain(name), observations))
        {
            window.resize(1024, 700);
            window.show();
        }
        QSettings settings;
        MainWindow window;
    };

    // Amy at the first sandbox, then `secondUser` at the second, added from the File menu.
    bool signInToBoth(MainWindow &window, const QString &secondUser) const
    {
        return signInTo(window, m_first->fhirBaseUrl(), QStringLiteral("amy")) &&
               addProvider(window, m_second->fhirBaseUrl(), secondUser);
    }

    // Whether a copy of the provider's record is kept on this computer (nullopt: no answer).
    static std::optional<bool> copyKept(MainWindow &window, const QString &providerId)
    {
        std::optional<bool> kept;
        window.connections()->findKeptCopy(providerId, [&](bool found) { kept = found; });
        if (!QTest::qWaitFor([&] { return kept.has_value(); }, 10000))
            return std::nullopt;
        return kept;
    }

    static PatientHome *homeOf(const MainWindow &window)
    {
        return window.findChild<PatientHome *>();
    }

    // Signs in on the page the window shows as `user`; true once `providers` records loaded.
    static bool signInShown(MainWindow &window, const QString &user, qsizetype providers)
    {
        return QTest::qWaitFor([&] { return window.signIn()->browser() != nullptr; },
                               kLoadTimeout) &&
               signInAndApprove(window.signIn()->browser()->view(), user) &&
               allLoaded(window, providers);
    }

    static bool allLoaded(const MainWindow &window, qsizetype providers)
    {
        return QTest::qWaitFor(
            [&] {
                const PatientHome *home = homeOf(window);
                if (!home || home->connections().size() != providers)
                    return false;
                const QList<connection::Connection *> open = home->connections();
                return std::all_of(open.cbegin(), open.cend(), [home](auto *c) {
                    return home->recordOf(c)->outcome().has_value();
                });
            },
            kLoadTimeout);
    }

    // Signs in at `fhirBase` as `user`; true once the patient's `providers` records have loaded.
    static bool signInTo(MainWindow &window, const QUrl &fhirBase, const QString &user,
                         qsizetype providers = 1)
    {
        window.connectTo(fhirBase);
        return signInShown(window, user, providers);
    }

    // File -> Add a provider to this record, then the provider's address.
    static bool addProvider(MainWindow &window, const QUrl &fhirBase, const QString &user)
    {
        auto *add = window.findChild<QAction *>(QStringLiteral("addProviderAction"));
        if (!add || !add->isEnabled()) {
            qWarning() << "Add a provider is not enabled";
            return false;
        }
        add->trigger();
        if (!window.welcomePage()->isVisible() || !window.welcomePage()->isAddingProvider()) {
            qWarning() << "The welcome page does not offer to add a provider";
            return false;
        }
        return signInTo(window, fhirBase, user, homeOf(window)->connections().size() + 1);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<sandbox::SandboxHost> m_first;
    std::unique_ptr<sandbox::SandboxHost> m_second;
};

QTEST_MAIN(TestProvidersJourney)
#include "tst_providersjourney.moc"
