#include "conditions/conditionsview.h"
#include "dialogs/dialogs.h"
#include "labfixtures.h"
#include "labs/labsview.h"
#include "models/conditionsmodel.h"
#include "models/labtestsmodel.h"
#include "widgets/messagebar.h"

#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

using namespace kete;
using namespace kete::models;
using namespace kete::ui;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString firstLine(const QString &path)
{
    return QString::fromUtf8(readAll(path).mid(3)).section(QStringLiteral("\r\n"), 0, 0);
}

} // namespace

// Every export goes through the save-file seam and says "Saved" and where (with "Open folder",
// answered here through the dialogs' seam), or in the window's message bar why not.
class TestFileExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }

    void init()
    {
        QVERIFY(m_dir.isValid());
        m_labModel = std::make_unique<LabTestsModel>();
        m_labModel->addObservations(fixtures::labs());
        m_labModel->addReports(fixtures::reports());
        m_conditionsModel = std::make_unique<ConditionsModel>();
        m_conditionsModel->addConditions(fixtures::conditions());

        m_window = std::make_unique<QWidget>();
        m_bar = new MessageBar(m_window.get());
        m_labs = new LabsView(m_labModel.get(), m_window.get());
        m_conditions = new ConditionsView(m_conditionsModel.get(), m_window.get());
        auto *layout = new QVBoxLayout(m_window.get());
        layout->addWidget(m_bar);
        layout->addWidget(m_labs);
        layout->addWidget(m_conditions);
        m_window->resize(1100, 1000);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_conditionsModel.reset();
        m_labModel.reset();
    }

    void labTableButtonSavesAndSaysWhere()
    {
        const QString path = m_dir.filePath(QStringLiteral("labs.csv"));
        dialogs::setNextSaveFileName(path);
        dialogs::setNextAnswer(QMessageBox::Close);
        click(m_labs, QStringLiteral("labExportTable"));
        QVERIFY(readAll(path).startsWith("\xEF\xBB\xBF"));
        QCOMPARE(firstLine(path), QStringLiteral("Test,LOINC code,Panel,Date/time (ISO 8601),Value,"
                                                 "Unit (UCUM),Flag,Reference range"));
        QCOMPARE(dialogs::lastSavedText(),
                 QStringLiteral("Saved to %1").arg(QDir::toNativeSeparators(path)));
        QVERIFY(!m_bar->isVisible());
    }

    void historyButtonSavesTheSelectedTest()
    {
        m_labs->selectTest(m_labModel->testKey(0));
        const QString path = m_dir.filePath(QStringLiteral("history.csv"));
        dialogs::setNextSaveFileName(path);
        dialogs::setNextAnswer(QMessageBox::Close);
        click(m_labs, QStringLiteral("labExportHistory"));
        QCOMPARE(firstLine(path),
                 QStringLiteral("Patient,Birth date,MRN,Test,LOINC code,Date/time (ISO 8601),"
                                "Value,Unit (UCUM),Flag,Reference range,Status,Performed by,Note"));
        QCOMPARE(dialogs::lastSavedText(),
                 QStringLiteral("Saved to %1").arg(QDir::toNativeSeparators(path)));
    }

    void summaryPdf()
    {
        const QString path = m_dir.filePath(QStringLiteral("summary.pdf"));
        dialogs::setNextSaveFileName(path);
        dialogs::setNextAnswer(QMessageBox::Close);
        m_labs->saveSummaryPdfInteractively();
        QVERIFY(readAll(path).startsWith("%PDF"));
        QCOMPARE(dialogs::lastSavedText(),
                 QStringLiteral("Saved to %1").arg(QDir::toNativeSeparators(path)));
    }

    void conditionsButton()
    {
        const QString path = m_dir.filePath(QStringLiteral("conditions.csv"));
        dialogs::setNextSaveFileName(path);
        dialogs::setNextAnswer(QMessageBox::Close);
        click(m_conditions, QStringLiteral("conditionsExport"));
        QCOMPARE(firstLine(path),
                 QStringLiteral("Condition,Status,Verification,Category,Onset,Resolved,Recorded"));
        QCOMPARE(dialogs::lastSavedText(),
                 QStringLiteral("Saved to %1").arg(QDir::toNativeSeparators(path)));
    }

    void cancelWritesAndSaysNothing()
    {
        const QStringList before = QDir(m_dir.path()).entryList(QDir::Files);
        dialogs::setNextSaveFileName(QString());
        click(m_labs, QStringLiteral("labExportTable"));
        QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files), before);
        QVERIFY(!m_bar->isVisible());
    }

    void failureSaysWhyInTheMessageBar()
    {
        const QString path = m_dir.filePath(QStringLiteral("no/such/folder/labs.csv"));
        dialogs::setNextSaveFileName(path);
        click(m_labs, QStringLiteral("labExportTable"));
        QVERIFY(!QFile::exists(path));
        QVERIFY(m_bar->isVisible());
        QVERIFY2(m_bar->text().contains(QStringLiteral("“labs.csv”")), qPrintable(m_bar->text()));
        QVERIFY(!m_bar->text().startsWith(QStringLiteral("Saved")));
        auto *details = m_bar->findChild<QPushButton *>(QStringLiteral("detailsButton"));
        QVERIFY(details && details->isVisible());
    }

    // Alone, without a message bar around it, a view says a failure in a warning (answered here;
    // unanswered, the test would hang on it).
    void failureWithoutMessageBarIsAWarning()
    {
        LabsView alone(m_labModel.get());
        const QString path = m_dir.filePath(QStringLiteral("no/such/folder/alone.csv"));
        dialogs::setNextSaveFileName(path);
        dialogs::setNextAnswer(QMessageBox::Ok);
        alone.exportTableInteractively();
        QVERIFY(!QFile::exists(path));
    }

private:
    static void click(QWidget *view, const QString &buttonName)
    {
        auto *button = view->findChild<QPushButton *>(buttonName);
        QVERIFY2(button, qPrintable(buttonName));
        QVERIFY2(button->isEnabled(), qPrintable(buttonName));
        QTest::mouseClick(button, Qt::LeftButton);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<LabTestsModel> m_labModel;
    std::unique_ptr<ConditionsModel> m_conditionsModel;
    std::unique_ptr<QWidget> m_window;
    MessageBar *m_bar = nullptr;
    LabsView *m_labs = nullptr;
    ConditionsView *m_conditions = nullptr;
};

QTEST_MAIN(TestFileExport)
#include "tst_fileexport.moc"
