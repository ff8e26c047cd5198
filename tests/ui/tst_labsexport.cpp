#include "dialogs/dialogs.h"
#include "labfixtures.h"
#include "labs/labsview.h"
#include "models/labhistorymodel.h"
#include "models/labtestsmodel.h"

#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace kete;
using namespace kete::fhir;
using namespace kete::models;
using namespace kete::ui;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList csvLines(const QString &path)
{
    const QByteArray bytes = readAll(path);
    if (!bytes.startsWith("\xEF\xBB\xBF"))
        return {};
    return QString::fromUtf8(bytes.mid(3)).split(QStringLiteral("\r\n"));
}

Patient patientWithMrn()
{
    return parsePatient(
               fixtures::json(
                   "{ "
                   "\"resourceType\": \"Patient\", \"id\": \"amy\", "
                   "\"name\": [{\"use\": \"official\", \"family\": \"Shaw\", \"given\": "
                   "[\"Amy\"]}], "
                   "\"identifier\": [{\"type\": {\"coding\": [{\"system\": "
                   "\"http://terminology.hl7.org/CodeSystem/v2-0203\", \"code\": \"MR\"}]}, "
                   "\"value\": \"KT100001\"}], "
                   "\"gender\": \"female\", \"birthDate\": \"1971-03-12\"} "))
        .value();
}

// The text of each page, as poppler reads the PDF (pages end in a form feed).
QStringList pdfPages(const QString &pdf)
{
    QProcess process;
    process.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), QStringLiteral("-enc"),
                                                QStringLiteral("UTF-8"), pdf, QStringLiteral("-")});
    if (!process.waitForFinished(60000) || process.exitCode() != 0)
        return {};
    QStringList pages = QString::fromUtf8(process.readAllStandardOutput()).split(QLatin1Char('\f'));
    while (!pages.isEmpty() && pages.constLast().trimmed().isEmpty())
        pages.removeLast();
    return pages;
}

} // namespace

// The lab exports a patient can hand on: CSV columns a spreadsheet can use (value, UCUM unit,
// flag, range, ISO 8601 time, LOINC code, test name; the history names the test and the
// patient), and a PDF whose every page says whose results they are (read back with poppler's
// pdftotext), with the column names on every page and a legend for the flags. After an
// interactive save, "Saved" with "Open folder".
class TestLabsExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        m_model = std::make_unique<LabTestsModel>();
        m_model->setPatient(patientWithMrn());
        m_model->addObservations(fixtures::labs());
        m_model->addReports(fixtures::reports());
        m_view = std::make_unique<LabsView>(m_model.get());
        m_view->setProviderName(QStringLiteral("Demo Health"));
        m_view->resize(1000, 700);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

    void cleanup()
    {
        dialogs::setFolderOpener({});
        m_view.reset();
        m_model.reset();
    }

    void testsCsvHasSeparateColumns()
    {
        const QString path = m_dir.filePath(QStringLiteral("tests.csv"));
        QVERIFY(m_view->exportTestsCsv(path).ok());
        const QStringList lines = csvLines(path);
        QCOMPARE(lines.at(0), QStringLiteral("Test,LOINC code,Panel,Date/time (ISO 8601),Value,"
                                             "Unit (UCUM),Flag,Reference range"));
        QVERIFY2(lines.contains(QStringLiteral("Blood sugar (glucose),2345-7,Basic metabolic "
                                               "panel,2025-02-03,7.8,mmol/L,High,3.9–5.5 mmol/L")),
                 qPrintable(lines.join(QLatin1Char('\n'))));
        // A censored value keeps its comparator; a value with a UCUM code gives the code.
        m_model->addObservations({fixtures::lab(
            {QStringLiteral("w1"), QStringLiteral("6690-2"), QStringLiteral("WBC"), 7.1,
             QStringLiteral("10*3/uL"), QStringLiteral("2025-03-01T08:30:00+13:00"), 4.5, 11})});
        QVERIFY(m_view->exportTestsCsv(path).ok());
        const QString all = csvLines(path).join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral(",6690-2,,2025-03-01T08:30:00+13:00,7.1,10*3/uL,,"
                                             "4.5–11 10*3/uL")),
                 qPrintable(all));
    }

    void historyCsvNamesTheTestAndThePatient()
    {
        QString glucose;
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (m_model->latestResult(row).observation.loincCode() == QLatin1String("2345-7"))
                glucose = m_model->testKey(row);
        }
        m_view->selectTest(glucose);
        const QString path = m_dir.filePath(QStringLiteral("history.csv"));
        QVERIFY(m_view->exportHistoryCsv(path).ok());
        const QStringList lines = csvLines(path);
        QCOMPARE(lines.at(0),
                 QStringLiteral("Patient,Birth date,MRN,Test,LOINC code,Date/time (ISO 8601),"
                                "Value,Unit (UCUM),Flag,Reference range,Status,Performed by,Note"));
        QCOMPARE(lines.at(1), QStringLiteral("Amy Shaw,1971-03-12,KT100001,Blood sugar (glucose),"
                                             "2345-7,2025-02-03,7.8,mmol/L,High,3.9–5.5 mmol/L,,"
                                             "Demo Health Lab,\"Fasting, \"\"8 hours\"\"\""));
        QCOMPARE(lines.at(3), QStringLiteral("Amy Shaw,1971-03-12,KT100001,Blood sugar (glucose),"
                                             "2345-7,2023-01-10,5.2,mmol/L,,3.9–5.5 mmol/L,,,"));
    }

    void pdfSaysWhoseResultsOnEveryPage()
    {
        // Enough tests for several pages.
        QList<Observation> many;
        for (int i = 0; i < 90; ++i) {
            many << fixtures::lab(
                {QStringLiteral("m%1").arg(i),
                 QStringLiteral("9%1-0").arg(i, 3, 10, QLatin1Char('0')),
                 QStringLiteral("Made-up test %1").arg(i, 2, 10, QLatin1Char('0')), double(i) + 0.5,
                 QStringLiteral("U/L"), QStringLiteral("2025-01-01"), 1, 50});
        }
        m_model->addObservations(many);
        const QString path = m_dir.filePath(QStringLiteral("summary.pdf"));
        QVERIFY(m_view->exportSummaryPdf(path).ok());
        const QStringList pages = pdfPages(path);
        QVERIFY2(pages.size() >= 3, qPrintable(QString::number(pages.size())));
        const QString today = QLocale().toString(QDate::currentDate(), QLocale::ShortFormat);
        for (qsizetype i = 0; i < pages.size(); ++i) {
            const QString &page = pages.at(i);
            for (const QString &expected : QStringList{
                     QStringLiteral("Amy Shaw"), QStringLiteral("Born 12/03/1971"),
                     QStringLiteral("MRN KT100001"), QStringLiteral("Provider: Demo Health"),
                     QString(QStringLiteral("Printed ") + today),
                     QStringLiteral("Page %1 of %2").arg(i + 1).arg(pages.size())})
                QVERIFY2(page.contains(expected),
                         qPrintable(QStringLiteral("page %1 lacks %2").arg(i + 1).arg(expected)));
        }
        // The legend, once.
        QVERIFY(pages.at(0).contains(QStringLiteral("Critical high")));
        QVERIFY(pages.at(0).contains(QStringLiteral("Flags:")));
        // The column names on every page the long table runs onto; no row split: each row's
        // name and value on one line, once.
        int pagesWithHeader = 0;
        for (const QString &page : pages)
            pagesWithHeader += page.contains(QStringLiteral("Latest result")) ? 1 : 0;
        QCOMPARE(pagesWithHeader, int(pages.size()));
        const QString all = pages.join(QLatin1Char('\f'));
        for (int i = 0; i < 90; ++i) {
            const QString name = QStringLiteral("Made-up test %1").arg(i, 2, 10, QLatin1Char('0'));
            QCOMPARE(all.count(name), 1);
            const qsizetype at = all.indexOf(name);
            const QString line = all.mid(at, all.indexOf(QLatin1Char('\n'), at) - at);
            QVERIFY2(line.contains(QStringLiteral("%1.5 U/L").arg(i)), qPrintable(line));
        }

        // A look at the first page.
        const QString dir = qEnvironmentVariable("KETE_SCREENSHOTS");
        if (!dir.isEmpty() &&
            !QStandardPaths::findExecutable(QStringLiteral("pdftoppm")).isEmpty()) {
            QDir().mkpath(dir);
            QProcess::execute(QStringLiteral("pdftoppm"),
                              {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("70"),
                               QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"),
                               QStringLiteral("2"), path,
                               QDir(dir).filePath(QStringLiteral("labsexport-summary"))});
        }
    }

    void savedSaysSoWithOpenFolder()
    {
        QString opened;
        dialogs::setFolderOpener([&](const QString &folder) { opened = folder; });
        const QString path = m_dir.filePath(QStringLiteral("saved.csv"));
        dialogs::setNextSaveFileName(path);
        dialogs::setNextAnswer(QMessageBox::Open); // "Open folder"
        QTest::mouseClick(m_view->findChild<QPushButton *>(QStringLiteral("labExportTable")),
                          Qt::LeftButton);
        QVERIFY(QFile::exists(path));
        QCOMPARE(dialogs::lastSavedText(),
                 QStringLiteral("Saved to %1").arg(QDir::toNativeSeparators(path)));
        QCOMPARE(opened, m_dir.path());

        opened.clear();
        dialogs::setNextSaveFileName(m_dir.filePath(QStringLiteral("summary2.pdf")));
        dialogs::setNextAnswer(QMessageBox::Close);
        m_view->saveSummaryPdfInteractively();
        QVERIFY(dialogs::lastSavedText().endsWith(QStringLiteral("summary2.pdf")));
        QVERIFY(opened.isEmpty());
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<LabTestsModel> m_model;
    std::unique_ptr<LabsView> m_view;
};

QTEST_MAIN(TestLabsExport)
#include "tst_labsexport.moc"
