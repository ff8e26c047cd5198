#include "brands/brandsdirectory.h"
#include "brands/brandsfetcher.h"
#include "brands/providersearch.h"
#include "journey.h"
#include "record/patientrecord.h"
#include "sandboxdirectory.h"
#include "shell/welcomepage.h"
#include "signin/signinbrowser.h"

#include <QLineEdit>
#include <QListView>
#include <QNetworkAccessManager>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace kete;
using namespace journey;

Q_DECLARE_METATYPE(kete::brands::FetchedDirectory)

// A new patient who knows only their provider's name and city: on the welcome page they type part
// of the city into "Find your provider", pick the demo provider from the sandbox's own brands
// bundle (fetched over HTTP), sign in in the embedded browser and see their record; the provider
// is remembered under its directory name.
class TestBrandsWelcomeJourney : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qRegisterMetaType<brands::FetchedDirectory>();
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("kete.ini")),
                                                 QSettings::IniFormat);
    }

    void findByCitySignInAndRead()
    {
        const auto host = startSandbox();
        QVERIFY(host);
        const auto directory = sandboxDirectory(host->fhirBaseUrl());
        QVERIFY(directory);

        ui::MainWindow window(
            windowOptions(m_settings.get(), QStringLiteral("org.kete.Kete.tests.brandswelcome")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ui::ProviderSearch *search = window.welcomePage()->providerSearch();
        search->addDirectory(directory, true);
        QTest::keyClicks(search->searchBox(), QStringLiteral("wellin"));
        QListView *results = search->results();
        QTRY_VERIFY(results->isVisible() && results->model()->rowCount() > 0);
        int row = -1;
        for (int r = 0; r < results->model()->rowCount(); ++r) {
            if (results->model()->index(r, 0).data(Qt::AccessibleTextRole).toString() ==
                QStringLiteral("Kete Demo Health"))
                row = r;
        }
        QVERIFY(row >= 0);
        saveScreenshot(&window, QStringLiteral("brands-welcome-search.png"));
        const QRect rect = results->visualRect(results->model()->index(row, 0));
        QTest::mouseClick(results->viewport(), Qt::LeftButton, {}, rect.center());

        QTRY_VERIFY_WITH_TIMEOUT(window.signIn()->browser(), kLoadTimeout);
        QWebEngineView *view = window.signIn()->browser()->view();
        QVERIFY(signInAndApprove(view, QStringLiteral("amy")));
        QTRY_VERIFY_WITH_TIMEOUT(window.patientRecord() && window.patientRecord()->outcome(),
                                 kLoadTimeout);
        QVERIFY(window.patientRecord()->outcome()->ok());

        const QList<ProviderSettings> saved = window.providers()->providers();
        QCOMPARE(saved.size(), 1);
        QCOMPARE(saved.constFirst().displayName, QStringLiteral("Kete Demo Health"));
        QCOMPARE(saved.constFirst().fhirBase, host->fhirBaseUrl());
    }
};

QTEST_MAIN(TestBrandsWelcomeJourney)
#include "tst_brandswelcomejourney.moc"
