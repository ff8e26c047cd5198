#include "conditions/conditionsview.h"
#include "labfixtures.h"
#include "labs/labsview.h"
#include "models/conditionsmodel.h"
#include "models/labhistorymodel.h"
#include "models/labtestsmodel.h"
#include "record/patientbanner.h"
#include "record/patientrecord.h"
#include "record/recordview.h"
#include "shell/mainwindow.h"
#include "signin/connectdialog.h"
#include "support/fixedtoken.h"
#include "support/screenshot.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocumentFragment>
#include <QTranslator>
#include <QTreeView>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

using namespace kete;
using namespace kete::ui;

namespace {

// The pseudo-translation marks every translated text: accented, about 40% longer and in
// brackets, "Lab results" -> "[Ŀàƀ ŕéšüĺţš ~~~~~]". Text without the closing marker never went
// through a translation; text too long for its widget shows where a longer language is cut.
const QString closingMarker = QStringLiteral("~]");

QChar accented(QChar c)
{
    static const QString plain = QStringLiteral("aAbcCdeEghiIklLnNoOrsStuUyzZ");
    static const QString fancy = QStringLiteral("àÅƀçÇđéÉĝĥîÎķĺĿñÑöÖŕšŠţüÜýžŽ");
    const qsizetype at = plain.indexOf(c);
    return at < 0 ? c : fancy.at(at);
}

// Placeholders (%1, %L2, %n), markup (<b>) and entities (&amp;) stay as they are.
QString pseudo(const QString &source)
{
    static const QRegularExpression kept(QStringLiteral(R"(%L?(\d+|n)|<[^>]*>|&[A-Za-z0-9#]+;)"));
    QString out = QStringLiteral("[");
    qsizetype at = 0;
    for (auto match = kept.globalMatch(source); match.hasNext();) {
        const auto found = match.next();
        for (; at < found.capturedStart(); ++at)
            out += accented(source.at(at));
        out += found.captured();
        at = found.capturedEnd();
    }
    for (; at < source.size(); ++at)
        out += accented(source.at(at));
    out += QLatin1Char(' ') + QString((source.size() * 2 + 4) / 5, QLatin1Char('~')) +
           QLatin1Char(']');
    return out;
}

struct Message
{
    QString source;
    QString comment;
    bool numerus = false;
};

// Reads lupdate's template and writes its pseudo-translation, every message translated.
bool writePseudoTs(const QString &templatePath, const QString &pseudoPath)
{
    QFile in(templatePath);
    QFile out(pseudoPath);
    if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly))
        return false;
    QXmlStreamReader reader(&in);
    QXmlStreamWriter writer(&out);
    writer.setAutoFormatting(true);
    writer.writeStartDocument();
    writer.writeDTD(QStringLiteral("<!DOCTYPE TS>"));
    writer.writeStartElement(QStringLiteral("TS"));
    writer.writeAttribute(QStringLiteral("version"), QStringLiteral("2.1"));
    writer.writeAttribute(QStringLiteral("language"), QStringLiteral("en"));
    writer.writeAttribute(QStringLiteral("sourcelanguage"), QStringLiteral("en"));
    Message message;
    while (!reader.atEnd()) {
        reader.readNext();
        const auto name = reader.name();
        if (reader.isStartElement() && name == u"context") {
            writer.writeStartElement(QStringLiteral("context"));
        } else if (reader.isEndElement() && name == u"context") {
            writer.writeEndElement();
        } else if (reader.isStartElement() && name == u"name") {
            writer.writeTextElement(QStringLiteral("name"), reader.readElementText());
        } else if (reader.isStartElement() && name == u"message") {
            message = {};
            message.numerus = reader.attributes().value(QStringLiteral("numerus")) == u"yes";
        } else if (reader.isStartElement() && name == u"source") {
            message.source = reader.readElementText();
        } else if (reader.isStartElement() && name == u"comment") {
            message.comment = reader.readElementText();
        } else if (reader.isEndElement() && name == u"message") {
            writer.writeStartElement(QStringLiteral("message"));
            if (message.numerus)
                writer.writeAttribute(QStringLiteral("numerus"), QStringLiteral("yes"));
            writer.writeTextElement(QStringLiteral("source"), message.source);
            if (!message.comment.isEmpty())
                writer.writeTextElement(QStringLiteral("comment"), message.comment);
            if (message.numerus) {
                writer.writeStartElement(QStringLiteral("translation"));
                for (int form = 0; form < 2; ++form)
                    writer.writeTextElement(QStringLiteral("numerusform"), pseudo(message.source));
                writer.writeEndElement();
            } else {
                writer.writeTextElement(QStringLiteral("translation"), pseudo(message.source));
            }
            writer.writeEndElement();
        }
    }
    writer.writeEndElement();
    writer.writeEndDocument();
    return !reader.hasError();
}

bool run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    const bool ran = process.waitForFinished(60000) &&
                     process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    if (!ran)
        qWarning().noquote() << program << process.readAllStandardError();
    return ran;
}

QString plainText(const QString &text, Qt::TextFormat format)
{
    if (format == Qt::RichText || (format == Qt::AutoText && Qt::mightBeRichText(text)))
        return QTextDocumentFragment::fromHtml(text).toPlainText();
    return text;
}

bool hasLetters(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.isLetter(); });
}

int widestLine(const QFontMetrics &metrics, const QString &text)
{
    int widest = 0;
    for (const QString &line : text.split(QLatin1Char('\n')))
        widest = std::max(widest, metrics.horizontalAdvance(line));
    return widest;
}

// Every text a model shows in a column: the record's own data, never translated.
void collectColumn(const QAbstractItemModel *model, int column, QStringList &into,
                   const QModelIndex &parent = {})
{
    for (int row = 0; row < model->rowCount(parent); ++row) {
        const QModelIndex index = model->index(row, column, parent);
        const QString text = index.data().toString();
        if (!text.isEmpty() && !text.contains(closingMarker))
            into << text;
        collectColumn(model, column, into, model->index(row, 0, parent));
    }
}

// Longest first, so that a name is taken whole before a shorter one inside it.
void sortLongestFirst(QStringList &texts)
{
    std::sort(texts.begin(), texts.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
}

} // namespace

// Issue 15: every text on the main screens goes through a translation, and a language about 40%
// longer than English is not cut at 1440×900. The translations are made as a translator would:
// lupdate over the sources, then lrelease; the translation is a pseudo-language that marks
// every text it translated.
class TestLabsPseudoTranslation : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QTranslator m_translator;
    std::unique_ptr<record::PatientRecord> m_record;
    std::unique_ptr<RecordView> m_view;
    QStringList m_data; // the record's own texts, shown as they are

private Q_SLOTS:
    void initTestCase()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
        QVERIFY(m_dir.isValid());
        const QString source = QStringLiteral(KETE_SOURCE_DIR);
        const QString ts = m_dir.filePath(QStringLiteral("kete.ts"));
        const QString pseudoTs = m_dir.filePath(QStringLiteral("kete_pseudo.ts"));
        const QString qm = m_dir.filePath(QStringLiteral("kete_pseudo.qm"));
        QVERIFY(run(QStringLiteral(KETE_LUPDATE),
                    {QStringLiteral("-silent"), QStringLiteral("-no-obsolete"),
                     QStringLiteral("-locations"), QStringLiteral("none"), source + u"/app",
                     source + u"/ui", QStringLiteral("-ts"), ts}));
        QVERIFY(writePseudoTs(ts, pseudoTs));
        QVERIFY(run(QStringLiteral(KETE_LRELEASE),
                    {QStringLiteral("-silent"), pseudoTs, QStringLiteral("-qm"), qm}));
        QVERIFY(m_translator.load(qm));
        QVERIFY(QCoreApplication::installTranslator(&m_translator));
        QCOMPARE(QCoreApplication::translate("kete::ui::RecordView", "Lab results"),
                 pseudo(QStringLiteral("Lab results")));
    }

    void cleanupTestCase()
    {
        m_view.reset();
        m_record.reset();
        QCoreApplication::removeTranslator(&m_translator);
    }

    void welcomePage()
    {
        QTemporaryDir settingsDir;
        QSettings settings(settingsDir.filePath(QStringLiteral("kete.ini")), QSettings::IniFormat);
        MainWindowOptions options;
        options.settings = &settings;
        options.keychainService = QStringLiteral("org.kete.Kete.tests.pseudotranslation");
        MainWindow window(options);
        window.resize(1440, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        test::saveScreenshot(window, QStringLiteral("pseudo-welcome.png"));
        check(window, {});
    }

    void connectDialog()
    {
        ConnectDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        test::saveScreenshot(dialog, QStringLiteral("pseudo-connect.png"));
        check(dialog, {});
    }

    void summary()
    {
        showRecord(RecordView::SummarySection);
        test::saveScreenshot(*m_view, QStringLiteral("pseudo-summary.png"));
        check(*m_view, m_data);
    }

    void labResults()
    {
        showRecord(RecordView::LabsSection);
        m_view->labs()->selectTest(firstTestKey());
        m_view->labs()->openDetail();
        test::settle();
        // Who performed a result and the lab's notes are the record's, too.
        const auto *history = m_view->labs()->historyView()->model();
        for (const int column : {int(models::LabHistoryModel::PerformerColumn),
                                 int(models::LabHistoryModel::NoteColumn)})
            collectColumn(history, column, m_data);
        sortLongestFirst(m_data);
        test::saveScreenshot(*m_view, QStringLiteral("pseudo-labs.png"));
        check(*m_view, m_data);
    }

    void conditions()
    {
        showRecord(RecordView::ConditionsSection);
        test::saveScreenshot(*m_view, QStringLiteral("pseudo-conditions.png"));
        check(*m_view, m_data);
    }

private:
    // The record as a kept copy holds it: the fixtures' patient, labs, reports and conditions.
    void showRecord(RecordView::Section section)
    {
        if (!m_view) {
            m_record = std::make_unique<record::PatientRecord>(
                std::make_shared<test::FixedToken>(),
                QUrl(QStringLiteral("http://127.0.0.1:9/fhir")), QStringLiteral("amy"));
            const record::Provenance provenance{QStringLiteral("http://127.0.0.1:9/fhir"),
                                                QDateTime::currentDateTimeUtc()};
            auto *store = m_record->store();
            store->putPatient(fixtures::patient(), provenance);
            store->putObservations(fixtures::labs() + fixtures::glanceLabs(), provenance);
            store->putReports(fixtures::reports(), provenance);
            store->putConditions(fixtures::conditions(), provenance);
            m_record->setKeptCopyAsOf(QDateTime::currentDateTimeUtc());
            m_view = std::make_unique<RecordView>(m_record.get());
            m_view->resize(1440, 900);
            m_view->show();
            QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
            m_data << m_view->banner()->patientName();
            const auto *labs = m_record->labTests();
            for (const int column :
                 {int(models::LabTestsModel::NameColumn), int(models::LabTestsModel::ValueColumn),
                  int(models::LabTestsModel::RangeColumn), int(models::LabTestsModel::DateColumn),
                  int(models::LabTestsModel::PanelColumn)})
                collectColumn(labs, column, m_data);
            const auto *conditions = m_record->conditions();
            for (const int column : {int(models::ConditionsModel::NameColumn),
                                     int(models::ConditionsModel::OnsetColumn),
                                     int(models::ConditionsModel::ResolvedColumn),
                                     int(models::ConditionsModel::RecordedColumn)})
                collectColumn(conditions, column, m_data);
            // Longest first, so that a name is taken whole before a shorter one inside it.
            std::sort(m_data.begin(), m_data.end(),
                      [](const QString &a, const QString &b) { return a.size() > b.size(); });
        }
        m_view->showSection(section);
        test::settle();
    }

    QString firstTestKey() const
    {
        const auto *labs = m_record->labTests();
        return labs->index(0, 0).data(models::LabTestsModel::TestKeyRole).toString();
    }

    // A text that is neither translated nor the record's data (nor free of words).
    static bool untranslated(const QString &shown, const QStringList &data)
    {
        if (shown.contains(closingMarker) || !hasLetters(shown))
            return false;
        QString rest = shown;
        for (const QString &text : data)
            rest.remove(text);
        rest.remove(QStringLiteral("Kete"));
        return hasLetters(rest);
    }

    static QString where(const QWidget *widget)
    {
        return QStringLiteral("%1 \"%2\"")
            .arg(QString::fromUtf8(widget->metaObject()->className()), widget->objectName());
    }

    // The words a view's cells show; cells with digits (values, dates, ranges) are data.
    static void checkCells(const QAbstractItemView *view, const QAbstractItemModel *model,
                           const QModelIndex &parent, const QStringList &data,
                           QStringList &problems)
    {
        const auto *table = qobject_cast<const QTableView *>(view);
        const auto *tree = qobject_cast<const QTreeView *>(view);
        for (int row = 0; row < model->rowCount(parent); ++row) {
            for (int column = 0; column < model->columnCount(parent); ++column) {
                if ((table && table->isColumnHidden(column)) ||
                    (tree && tree->isColumnHidden(column)))
                    continue;
                const QString text = model->index(row, column, parent).data().toString();
                const bool hasDigits =
                    std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.isDigit(); });
                if (!hasDigits && untranslated(text, data))
                    problems << QStringLiteral("untranslated cell: %1 %2").arg(where(view), text);
            }
            if (model->hasChildren(model->index(row, 0, parent)))
                checkCells(view, model, model->index(row, 0, parent), data, problems);
        }
    }

    void check(QWidget &window, const QStringList &data)
    {
        QStringList problems;
        const auto texts = [&](const QWidget *widget, const QString &text) {
            if (untranslated(text, data))
                problems << QStringLiteral("untranslated: %1 %2").arg(where(widget), text);
        };
        texts(&window, window.windowTitle());
        for (const QLabel *label : window.findChildren<QLabel *>()) {
            if (!label->isVisibleTo(&window) || label->text().isEmpty())
                continue;
            QString text = plainText(label->text(), label->textFormat());
            if (label->buddy()) // "&Show:" is shown "Show:", its S underlined
                text.replace(QRegularExpression(QStringLiteral("&(.)")), QStringLiteral("\\1"));
            texts(label, text);
            if (label->wordWrap())
                continue;
            const int room = label->contentsRect().width() - 2 * label->margin() - label->indent();
            const int needed = widestLine(label->fontMetrics(), text);
            if (needed > room)
                problems << QStringLiteral("clipped: %1 %2 needs %3 px, has %4")
                                .arg(where(label), text)
                                .arg(needed)
                                .arg(room);
        }
        for (const QAbstractButton *button : window.findChildren<QAbstractButton *>()) {
            if (!button->isVisibleTo(&window) || button->text().isEmpty())
                continue;
            // A dialog's standard buttons (Cancel, OK) are Qt's own texts, in Qt's translations.
            const auto *box = qobject_cast<const QDialogButtonBox *>(button->parentWidget());
            if (!box || box->standardButton(const_cast<QAbstractButton *>(button)) ==
                            QDialogButtonBox::NoButton)
                texts(button, button->text());
            if (button->width() < button->sizeHint().width())
                problems << QStringLiteral("clipped: %1 %2 needs %3 px, has %4")
                                .arg(where(button), button->text())
                                .arg(button->sizeHint().width())
                                .arg(button->width());
        }
        for (const QGroupBox *box : window.findChildren<QGroupBox *>()) {
            if (box->isVisibleTo(&window))
                texts(box, box->title());
        }
        for (const QTabBar *tabs : window.findChildren<QTabBar *>()) {
            if (!tabs->isVisibleTo(&window))
                continue;
            for (int tab = 0; tab < tabs->count(); ++tab)
                texts(tabs, tabs->tabText(tab));
        }
        for (const QHeaderView *header : window.findChildren<QHeaderView *>()) {
            if (!header->isVisibleTo(&window) || !header->model())
                continue;
            const auto *model = header->model();
            const int count =
                header->orientation() == Qt::Horizontal ? model->columnCount() : model->rowCount();
            for (int section = 0; section < count; ++section) {
                if (!header->isSectionHidden(section))
                    texts(header, model->headerData(section, header->orientation()).toString());
            }
        }
        // What a tooltip or a screen reader says is read, too.
        for (const QWidget *widget : window.findChildren<QWidget *>()) {
            if (!widget->isVisibleTo(&window))
                continue;
            texts(widget, plainText(widget->toolTip(), Qt::AutoText));
            texts(widget, widget->accessibleName());
            texts(widget, widget->accessibleDescription());
        }
        for (const QComboBox *combo : window.findChildren<QComboBox *>()) {
            if (!combo->isVisibleTo(&window) || combo->isEditable())
                continue;
            for (int item = 0; item < combo->count(); ++item)
                texts(combo, combo->itemText(item));
        }
        for (const QAbstractItemView *view : window.findChildren<QAbstractItemView *>()) {
            if (view->isVisibleTo(&window) && view->model() &&
                !qobject_cast<const QHeaderView *>(view))
                checkCells(view, view->model(), {}, data, problems);
        }
        for (const QMenuBar *bar : window.findChildren<QMenuBar *>()) {
            for (const QAction *menu : bar->actions()) {
                texts(bar, menu->text());
                if (menu->menu()) {
                    for (const QAction *action : menu->menu()->actions())
                        texts(bar, action->text());
                }
            }
        }
        problems.removeDuplicates();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestLabsPseudoTranslation)
#include "tst_labspseudotranslation.moc"
