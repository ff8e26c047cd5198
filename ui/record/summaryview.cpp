#include "record/summaryview.h"

#include "labs/labdelegates.h"
#include "models/conditionsmodel.h"
#include "models/labtestsmodel.h"
#include "record/patientrecord.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace kete::ui {

using models::ConditionsModel;
using models::LabTestsModel;

namespace {

enum AbnormalColumn
{
    TestColumn,
    ResultColumn,
    FlagColumn,
    DateColumn
};

QTreeWidget *createList(const QStringList &headers, const QString &objectName,
                        const QString &accessibleName, QWidget *parent)
{
    auto *list = new QTreeWidget(parent);
    list->setObjectName(objectName);
    list->setAccessibleName(accessibleName);
    list->setHeaderLabels(headers);
    list->setRootIsDecorated(false);
    list->setUniformRowHeights(true);
    list->setAlternatingRowColors(true);
    list->setSelectionMode(QAbstractItemView::SingleSelection);
    list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    list->header()->setStretchLastSection(false);
    list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    return list;
}

QLabel *createEmptyLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setContentsMargins(4, 8, 4, 8);
    return label;
}

} // namespace

SummaryView::SummaryView(LabTestsModel *tests, ConditionsModel *conditions, QWidget *parent)
    : QWidget(parent)
    , m_testsModel(tests)
    , m_conditionsModel(conditions)
    , m_abnormal(createList({tr("Test"), tr("Result"), tr("Flag"), tr("Date")},
                            QStringLiteral("summaryAbnormal"),
                            tr("Results outside the normal range"), this))
    , m_conditions(createList({tr("Condition"), tr("Since")}, QStringLiteral("summaryConditions"),
                              tr("Active conditions"), this))
    , m_abnormalStack(new QStackedWidget(this))
    , m_conditionsStack(new QStackedWidget(this))
    , m_abnormalEmpty(createEmptyLabel(QStringLiteral("summaryAbnormalEmpty"), this))
    , m_conditionsEmpty(createEmptyLabel(QStringLiteral("summaryConditionsEmpty"), this))
    , m_abnormalNote(createEmptyLabel(QStringLiteral("summaryAbnormalNote"), this))
    , m_conditionsNote(createEmptyLabel(QStringLiteral("summaryConditionsNote"), this))
{
    setObjectName(QStringLiteral("summaryView"));
    setAccessibleName(tr("Summary"));
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(0);
    connect(&m_refresh, &QTimer::timeout, this, &SummaryView::refresh);

    m_abnormal->setItemDelegateForColumn(
        FlagColumn,
        new FlagDelegate(LabTestsModel::FlagRole, LabTestsModel::ComputedFlagRole, m_abnormal));
    m_abnormal->setToolTip(tr("Open a result to see all of that test's results."));
    connect(m_abnormal, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        Q_EMIT labTestActivated(item->data(TestColumn, TestKeyRole).toString());
    });

    for (QLabel *note : {m_abnormalNote, m_conditionsNote}) {
        note->setContentsMargins(4, 2, 4, 2);
        note->hide();
    }

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(section(tr("Results outside the normal range"), m_abnormal, m_abnormalStack,
                              m_abnormalEmpty),
                      3);
    layout->addWidget(m_abnormalNote);
    layout->addSpacing(12);
    layout->addWidget(
        section(tr("Active conditions"), m_conditions, m_conditionsStack, m_conditionsEmpty), 2);
    layout->addWidget(m_conditionsNote);

    watch(m_testsModel);
    watch(m_conditionsModel);
    refresh();
}

QWidget *SummaryView::section(const QString &title, QTreeWidget *list, QStackedWidget *stack,
                              QLabel *empty)
{
    auto *box = new QWidget(this);
    auto *heading = new QLabel(title, box);
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.2);
    font.setBold(true);
    heading->setFont(font);
    heading->setAccessibleName(title);
    stack->addWidget(list);
    stack->addWidget(empty);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(heading);
    layout->addWidget(stack, 1);
    return box;
}

void SummaryView::watch(const QAbstractItemModel *model)
{
    const auto later = [this] { m_refresh.start(); };
    connect(model, &QAbstractItemModel::rowsInserted, this, later);
    connect(model, &QAbstractItemModel::rowsRemoved, this, later);
    connect(model, &QAbstractItemModel::dataChanged, this, later);
    connect(model, &QAbstractItemModel::modelReset, this, later);
    connect(model, &QAbstractItemModel::layoutChanged, this, later);
}

QString SummaryView::abnormalEmptyText() const
{
    return m_abnormalStack->currentWidget() == m_abnormalEmpty ? m_abnormalEmpty->text()
                                                               : QString();
}

QString SummaryView::conditionsEmptyText() const
{
    return m_conditionsStack->currentWidget() == m_conditionsEmpty ? m_conditionsEmpty->text()
                                                                   : QString();
}

QString SummaryView::abnormalNoteText() const
{
    return m_abnormalNote->isVisibleTo(this) ? m_abnormalNote->text() : QString();
}

QString SummaryView::conditionsNoteText() const
{
    return m_conditionsNote->isVisibleTo(this) ? m_conditionsNote->text() : QString();
}

void SummaryView::setLoading(bool labs, bool conditions)
{
    if (labs == m_labsLoading && conditions == m_conditionsLoading)
        return;
    m_labsLoading = labs;
    m_conditionsLoading = conditions;
    m_refresh.start();
}

void SummaryView::followLoading(const record::PatientRecord *record)
{
    const auto update = [this, record] {
        setLoading(record->isLoading(fhir::RecordPart::Labs) ||
                       record->isLoading(fhir::RecordPart::BloodPressure),
                   record->isLoading(fhir::RecordPart::Conditions));
    };
    connect(record, &record::PatientRecord::progressChanged, this, update);
    connect(record, &record::PatientRecord::loaded, this, update);
    update();
}

void SummaryView::setClinicianView(bool clinician)
{
    if (clinician == m_clinician)
        return;
    m_clinician = clinician;
    m_refresh.start();
}

void SummaryView::refresh()
{
    m_refresh.stop();
    fillAbnormal();
    fillConditions();
}

void SummaryView::fillAbnormal()
{
    // Each test's latest result is out of range, inside its range, or neither can be told.
    QList<models::LatestLabResult> outOfRange;
    int normal = 0;
    int withoutRange = 0;
    int notComparable = 0;
    for (int row = 0; row < m_testsModel->rowCount(); ++row) {
        models::LatestLabResult latest = m_testsModel->latestResult(row);
        if (latest.interpretation.isOutOfRange())
            outOfRange << std::move(latest);
        else if (latest.interpretation.flag == fhir::Flag::Normal)
            ++normal;
        else if (latest.hasRange())
            ++notComparable;
        else
            ++withoutRange;
    }
    std::stable_sort(outOfRange.begin(), outOfRange.end(), [](const auto &a, const auto &b) {
        return a.observation.when().toDateTime() > b.observation.when().toDateTime();
    });
    const QString current =
        m_abnormal->currentItem()
            ? m_abnormal->currentItem()->data(TestColumn, TestKeyRole).toString()
            : QString();
    m_abnormal->clear();
    const QLocale locale;
    for (const models::LatestLabResult &latest : outOfRange.mid(0, kMaxAbnormalResults)) {
        const fhir::Interpretation &flag = latest.interpretation;
        auto *item = new QTreeWidgetItem(m_abnormal);
        item->setText(TestColumn, latest.name);
        if (!latest.technicalName.isEmpty())
            item->setToolTip(TestColumn, latest.technicalName);
        item->setText(ResultColumn, latest.observation.valueDisplayString(locale));
        item->setText(FlagColumn, flag.flagText());
        item->setData(FlagColumn, LabTestsModel::FlagRole, int(flag.flag));
        item->setData(FlagColumn, Qt::DecorationRole, models::flagColor(flag));
        item->setData(FlagColumn, LabTestsModel::ComputedFlagRole, flag.computed);
        item->setToolTip(FlagColumn, LabTestsModel::flagToolTip(flag));
        item->setText(DateColumn, latest.observation.when().toDisplayString(locale));
        item->setData(TestColumn, TestKeyRole, latest.testKey);
        item->setData(TestColumn, Qt::AccessibleTextRole, LabTestsModel::accessibleText(latest));
        if (latest.testKey == current)
            m_abnormal->setCurrentItem(item);
    }

    // What cannot be told is said, never folded into "normal".
    QStringList unknown;
    if (withoutRange == 1)
        unknown << tr("1 latest result came without a normal range from the lab: Kete cannot "
                      "tell whether it is normal.");
    else if (withoutRange > 1)
        unknown << tr("%1 latest results came without a normal range from the lab: Kete cannot "
                      "tell whether they are normal.")
                       .arg(withoutRange);
    if (notComparable == 1)
        unknown << tr("1 latest result could not be compared with its normal range.");
    else if (notComparable > 1)
        unknown << tr("%1 latest results could not be compared with their normal range.")
                       .arg(notComparable);

    QStringList empty;
    if (m_labsLoading && outOfRange.isEmpty())
        empty << tr("Lab results are still loading…");
    else if (m_testsModel->rowCount() == 0)
        empty << tr("No lab results yet.");
    else if (outOfRange.isEmpty()) {
        if (normal > 0 && unknown.isEmpty())
            empty << (m_clinician
                          ? tr("All of the patient's latest lab results are within the normal "
                               "range.")
                          : tr("All of your latest lab results are within the normal range."));
        else if (normal == 1)
            empty << (m_clinician
                          ? tr("1 of the patient's latest lab results is within its normal range.")
                          : tr("1 of your latest lab results is within its normal range."));
        else if (normal > 1)
            empty << (m_clinician
                          ? tr("%1 of the patient's latest lab results are within their normal "
                               "range.")
                          : tr("%1 of your latest lab results are within their normal range."))
                         .arg(normal);
        empty << unknown;
    }
    m_abnormalEmpty->setText(empty.join(QLatin1Char(' ')));
    m_abnormalStack->setCurrentWidget(empty.isEmpty() ? static_cast<QWidget *>(m_abnormal)
                                                      : m_abnormalEmpty);
    // Shown while loading, these may not be the latest results yet.
    const QString note = !empty.isEmpty() ? QString()
                         : m_labsLoading ? tr("Still loading: these may not be the latest results.")
                                         : unknown.join(QLatin1Char(' '));
    m_abnormalNote->setText(note);
    m_abnormalNote->setVisible(!note.isEmpty());
    for (int i = 0; i < m_abnormal->topLevelItemCount(); ++i) {
        if (m_labsLoading)
            m_abnormal->topLevelItem(i)->setToolTip(
                DateColumn, tr("Still loading: a newer result may follow."));
    }
}

void SummaryView::fillConditions()
{
    QList<fhir::Condition> active;
    for (int row = 0; row < m_conditionsModel->rowCount(); ++row) {
        if (const fhir::Condition &condition = m_conditionsModel->condition(row);
            condition.isActive())
            active << condition;
    }
    const QDate birthDate = m_conditionsModel->patient().birthDate.date();
    // Newest first; conditions without a usable onset date last.
    std::stable_sort(active.begin(), active.end(), [&](const auto &a, const auto &b) {
        const QDateTime da = a.onset.sortKey(birthDate), db = b.onset.sortKey(birthDate);
        return da.isValid() != db.isValid() ? da.isValid() : da > db;
    });
    m_conditions->clear();
    const QLocale locale;
    for (const fhir::Condition &condition : std::as_const(active)) {
        auto *item = new QTreeWidgetItem(m_conditions);
        item->setText(0, condition.displayName());
        item->setToolTip(0, ConditionsModel::codesText(condition));
        item->setText(1, condition.onset.toDisplayString(locale));
        item->setData(0, Qt::AccessibleTextRole, ConditionsModel::accessibleText(condition));
    }
    QString empty;
    if (m_conditionsLoading && active.isEmpty())
        empty = tr("Conditions are still loading…");
    else if (m_conditionsModel->rowCount() == 0)
        empty = tr("No conditions on record.");
    else if (active.isEmpty())
        empty = tr("No active conditions.");
    m_conditionsEmpty->setText(empty);
    m_conditionsStack->setCurrentWidget(empty.isEmpty() ? static_cast<QWidget *>(m_conditions)
                                                        : m_conditionsEmpty);
    const bool note = empty.isEmpty() && m_conditionsLoading;
    m_conditionsNote->setText(note ? tr("Still loading: more conditions may follow.") : QString());
    m_conditionsNote->setVisible(note);
}

} // namespace kete::ui
