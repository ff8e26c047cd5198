#include "record/summaryview.h"

#include "labs/labdelegates.h"
#include "labs/rangebardelegate.h"
#include "models/conditionsmodel.h"
#include "models/labtestsmodel.h"
#include "models/pinnedtests.h"
#include "record/shownrecord.h"

#include <QAction>
#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QScrollArea>
#include <QSet>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace kete::ui {

using models::ConditionsModel;
using models::LabTestsModel;

namespace {

constexpr int kRangeColumnWidth = 220;

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
    // The page scrolls, not each list: a list is as tall as its rows.
    list->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    list->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    list->header()->setStretchLastSection(false);
    list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    return list;
}

QLabel *createLine(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setContentsMargins(4, 2, 4, 2);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

void fitHeightToRows(QTreeWidget *list)
{
    const int rows = list->topLevelItemCount();
    const int rowHeight = rows > 0 ? list->sizeHintForRow(0) : 0;
    list->setFixedHeight(list->header()->sizeHint().height() + rows * rowHeight +
                         2 * list->frameWidth());
}

QString currentKey(const QTreeWidget *list)
{
    return list->currentItem() ? list->currentItem()->data(0, SummaryView::TestKeyRole).toString()
                               : QString();
}

} // namespace

SummaryView::SummaryView(LabTestsModel *tests, ConditionsModel *conditions, QWidget *parent)
    : QWidget(parent)
    , m_testsModel(tests)
    , m_conditionsModel(conditions)
    , m_abnormal(
          createResultList(QStringLiteral("summaryAbnormal"), tr("Results that need attention")))
    , m_recent(
          createResultList(QStringLiteral("summaryRecent"), tr("Recently updated lab results")))
    , m_conditions(createList({tr("Condition"), tr("Onset")}, QStringLiteral("summaryConditions"),
                              tr("Active conditions"), this))
    , m_pinned(createResultList(QStringLiteral("summaryPinned"), tr("Pinned tests")))
{
    setObjectName(QStringLiteral("summaryView"));
    setAccessibleName(tr("Summary"));
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(0);
    connect(&m_refresh, &QTimer::timeout, this, &SummaryView::refresh);

    auto *page = new QWidget;
    page->setObjectName(QStringLiteral("summaryPage"));
    auto *column = new QVBoxLayout(page);
    column->setSpacing(4);
    m_abnormalSection =
        addSection(tr("Needs attention"), m_abnormal, QStringLiteral("summaryAbnormal"));
    m_recentSection = addSection(tr("Recently updated"), m_recent, QStringLiteral("summaryRecent"));
    m_conditionsSection =
        addSection(tr("Active conditions"), m_conditions, QStringLiteral("summaryConditions"));
    m_pinnedSection = addSection(tr("Pinned tests"), m_pinned, QStringLiteral("summaryPinned"));
    for (const Section *section :
         {&m_abnormalSection, &m_recentSection, &m_conditionsSection, &m_pinnedSection}) {
        section->box->setParent(page);
        column->addWidget(section->box);
        column->addSpacing(10);
    }
    column->addStretch(1);
    m_pinnedSection.box->hide();

    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("summaryScroll"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Not a stop of its own for Tab (nothing would show it has the focus): its lists are, and
    // it scrolls to the one that gets the focus.
    m_scroll->setFocusPolicy(Qt::NoFocus);
    m_scroll->setWidget(page);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_scroll);
    // Tab goes down the page as it reads, whatever order the lists were made in.
    QWidget::setTabOrder(m_abnormal, m_recent);
    QWidget::setTabOrder(m_recent, m_conditions);
    QWidget::setTabOrder(m_conditions, m_pinned);

    watch(m_testsModel);
    watch(m_conditionsModel);
    refresh();
}

QTreeWidget *SummaryView::createResultList(const QString &objectName, const QString &accessibleName)
{
    QTreeWidget *list =
        createList({tr("Test"), tr("Result"), tr("Flag"), tr("Normal range"), tr("Date")},
                   objectName, accessibleName, this);
    list->setItemDelegateForColumn(
        FlagColumn,
        new FlagDelegate(LabTestsModel::FlagRole, LabTestsModel::ComputedFlagRole, list));
    list->setItemDelegateForColumn(RangeColumn,
                                   new RangeBarDelegate(LabTestsModel::RangeRole, list));
    list->header()->setSectionResizeMode(RangeColumn, QHeaderView::Fixed);
    list->header()->resizeSection(RangeColumn, kRangeColumnWidth);
    list->headerItem()->setToolTip(
        RangeColumn,
        m_testsModel->headerData(LabTestsModel::RangeColumn, Qt::Horizontal, Qt::ToolTipRole)
            .toString());
    list->setToolTip(tr("Open a result to see all of that test's results. Right-click it to "
                        "pin or unpin the test."));
    list->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(list, &QWidget::customContextMenuRequested, this,
            [this, list](const QPoint &position) { showPinMenu(list, position); });
    connect(list, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        Q_EMIT labTestActivated(item->data(TestColumn, TestKeyRole).toString());
    });
    return list;
}

SummaryView::Section SummaryView::addSection(const QString &title, QTreeWidget *list,
                                             const QString &objectName)
{
    Section section;
    section.box = new QWidget(this);
    section.box->setObjectName(objectName + QStringLiteral("Section"));
    auto *heading = new QLabel(title, section.box);
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.2);
    font.setBold(true);
    heading->setFont(font);
    heading->setAccessibleName(title);
    heading->setObjectName(objectName + QStringLiteral("Heading"));
    list->setParent(section.box);
    section.list = list;
    section.empty = createLine(objectName + QStringLiteral("Empty"), section.box);
    section.note = createLine(objectName + QStringLiteral("Note"), section.box);
    section.note->setForegroundRole(QPalette::PlaceholderText);
    auto *layout = new QVBoxLayout(section.box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(heading);
    layout->addWidget(list);
    layout->addWidget(section.empty);
    layout->addWidget(section.note);
    return section;
}

void SummaryView::showSection(const Section &section, const QString &empty, const QString &note)
{
    section.empty->setText(empty);
    section.empty->setVisible(!empty.isEmpty());
    section.list->setVisible(empty.isEmpty());
    if (empty.isEmpty())
        fitHeightToRows(section.list);
    section.note->setText(note);
    section.note->setVisible(!note.isEmpty());
}

void SummaryView::addResultItem(QTreeWidget *list, int row)
{
    const models::LatestLabResult latest = m_testsModel->latestResult(row);
    const fhir::Interpretation &flag = latest.interpretation;
    const QLocale locale;
    auto *item = new QTreeWidgetItem(list);
    item->setText(TestColumn, latest.name);
    if (!latest.technicalName.isEmpty())
        item->setToolTip(TestColumn, latest.technicalName);
    item->setText(ResultColumn, latest.observation.valueDisplayString(locale));
    item->setText(FlagColumn, flag.flagText());
    item->setData(FlagColumn, LabTestsModel::FlagRole, int(flag.flag));
    item->setData(FlagColumn, Qt::DecorationRole, models::flagColor(flag));
    item->setData(FlagColumn, LabTestsModel::ComputedFlagRole, flag.computed);
    item->setToolTip(FlagColumn, LabTestsModel::flagToolTip(flag));
    const QModelIndex range = m_testsModel->index(row, LabTestsModel::RangeColumn);
    item->setText(RangeColumn, latest.rangeCell());
    item->setData(RangeColumn, LabTestsModel::RangeRole, range.data(LabTestsModel::RangeRole));
    item->setToolTip(RangeColumn, range.data(Qt::ToolTipRole).toString());
    item->setData(RangeColumn, Qt::AccessibleDescriptionRole,
                  range.data(Qt::AccessibleDescriptionRole));
    if (!latest.hasRange()) {
        QFont italic = list->font();
        italic.setItalic(true);
        item->setFont(RangeColumn, italic);
    }
    item->setText(DateColumn, latest.observation.when().toDisplayString(locale));
    item->setData(TestColumn, TestKeyRole, latest.testKey);
    item->setData(TestColumn, Qt::AccessibleTextRole, LabTestsModel::accessibleText(latest));
    if (m_labsLoading)
        item->setToolTip(DateColumn, tr("Still loading: a newer result may follow."));
}

void SummaryView::showPinMenu(QTreeWidget *list, const QPoint &position)
{
    QTreeWidgetItem *item = list->itemAt(position);
    if (!item || !m_pins)
        return;
    const QString key = item->data(TestColumn, TestKeyRole).toString();
    const bool pinned = isTestPinned(key);
    QMenu menu(this);
    QAction *action = menu.addAction(pinned ? tr("Unpin from Summary") : tr("Pin to Summary"));
    action->setEnabled(pinned || !m_testsModel->observations(key).isEmpty());
    QAction *open = menu.addAction(tr("Open in Lab results"));
    QAction *chosen = menu.exec(list->viewport()->mapToGlobal(position));
    if (chosen == action)
        setTestPinned(key, !pinned);
    else if (chosen == open)
        Q_EMIT labTestActivated(key);
}

void SummaryView::setPinnedTests(models::PinnedTests *pins)
{
    if (m_pins)
        disconnect(m_pins, nullptr, this, nullptr);
    m_pins = pins;
    if (m_pins)
        connect(m_pins, &models::PinnedTests::changed, this, [this] { m_refresh.start(); });
    m_pinnedSection.box->setVisible(m_pins != nullptr);
    m_refresh.start();
}

bool SummaryView::setTestPinned(const QString &testKey, bool pinned)
{
    const QList<fhir::Observation> results = m_testsModel->observations(testKey);
    if (!m_pins || results.isEmpty())
        return false;
    const QString code = models::PinnedTests::codeFor(results.constLast());
    if (code.isEmpty())
        return false;
    m_pins->setPinned(code, pinned);
    return true;
}

bool SummaryView::isTestPinned(const QString &testKey) const
{
    const QList<fhir::Observation> results = m_testsModel->observations(testKey);
    return m_pins && !results.isEmpty() &&
           m_pins->isPinned(models::PinnedTests::codeFor(results.constLast()));
}

void SummaryView::setToday(const QDate &today)
{
    m_today = today;
    m_refresh.start();
}

QDate SummaryView::today() const
{
    return m_today.isValid() ? m_today : QDate::currentDate();
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
    return m_abnormalSection.empty->isHidden() ? QString() : m_abnormalSection.empty->text();
}

QString SummaryView::recentEmptyText() const
{
    return m_recentSection.empty->isHidden() ? QString() : m_recentSection.empty->text();
}

QString SummaryView::conditionsEmptyText() const
{
    return m_conditionsSection.empty->isHidden() ? QString() : m_conditionsSection.empty->text();
}

QString SummaryView::pinnedEmptyText() const
{
    return m_pinnedSection.empty->isHidden() ? QString() : m_pinnedSection.empty->text();
}

QString SummaryView::abnormalNoteText() const
{
    return m_abnormalSection.note->isHidden() ? QString() : m_abnormalSection.note->text();
}

QString SummaryView::conditionsNoteText() const
{
    return m_conditionsSection.note->isHidden() ? QString() : m_conditionsSection.note->text();
}

QString SummaryView::pinnedNoteText() const
{
    return m_pinnedSection.note->isHidden() ? QString() : m_pinnedSection.note->text();
}

void SummaryView::setLoading(bool labs, bool conditions)
{
    if (labs == m_labsLoading && conditions == m_conditionsLoading)
        return;
    m_labsLoading = labs;
    m_conditionsLoading = conditions;
    m_refresh.start();
}

void SummaryView::followLoading(const record::ShownRecord *record)
{
    const auto update = [this, record] {
        setLoading(record->isLoading(fhir::RecordPart::Labs) ||
                       record->isLoading(fhir::RecordPart::BloodPressure),
                   record->isLoading(fhir::RecordPart::Conditions));
    };
    connect(record, &record::ShownRecord::progressChanged, this, update);
    connect(record, &record::ShownRecord::loaded, this, update);
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
    fillRecent();
    fillConditions();
    fillPinned();
    // Lay the sections out now rather than one nesting level per event-loop pass, so that what
    // shows right after a refresh (a screenshot, a screen reader) is never half laid out.
    for (const Section *section :
         {&m_abnormalSection, &m_recentSection, &m_conditionsSection, &m_pinnedSection})
        section->box->layout()->activate();
    if (QWidget *page = m_scroll->widget(); page && page->layout())
        page->layout()->activate();
}

void SummaryView::fillAbnormal()
{
    // Each test's latest result is out of range, inside its range, or neither can be told.
    const QDate since = today().addMonths(-kAttentionMonths);
    QList<int> recent;
    QList<int> older;
    int normal = 0;
    int withoutRange = 0;
    int notComparable = 0;
    const auto dateOf = [this](int row) {
        return m_testsModel->index(row, 0).data(LabTestsModel::LatestDateRole).toDateTime();
    };
    for (int row = 0; row < m_testsModel->rowCount(); ++row) {
        const models::LatestLabResult latest = m_testsModel->latestResult(row);
        if (latest.interpretation.isOutOfRange())
            (dateOf(row).toLocalTime().date() >= since ? recent : older) << row;
        else if (latest.interpretation.flag == fhir::Flag::Normal)
            ++normal;
        else if (latest.hasRange())
            ++notComparable;
        else
            ++withoutRange;
    }
    // A record with nothing out of range lately still shows its older results out of range
    // (an old record, a demo), saying that they are older, rather than an empty page.
    const bool onlyOlder = recent.isEmpty() && !older.isEmpty();
    QList<int> outOfRange = onlyOlder ? older : recent;
    // Critical first, then newest first.
    const auto critical = [this](int row) {
        return m_testsModel->latestResult(row).interpretation.isCritical();
    };
    std::stable_sort(outOfRange.begin(), outOfRange.end(), [&](int a, int b) {
        const bool ca = critical(a), cb = critical(b);
        return ca != cb ? ca : dateOf(a) > dateOf(b);
    });
    const QString current = currentKey(m_abnormal);
    m_abnormal->clear();
    for (const int row : outOfRange.mid(0, kMaxAbnormalResults)) {
        addResultItem(m_abnormal, row);
        QTreeWidgetItem *item = m_abnormal->topLevelItem(m_abnormal->topLevelItemCount() - 1);
        if (item->data(TestColumn, TestKeyRole).toString() == current)
            m_abnormal->setCurrentItem(item);
    }
    const QString sinceText = QLocale().toString(since, QLocale::ShortFormat);

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
    if (onlyOlder)
        unknown.prepend(tr("Nothing from the last %1 months is out of range: these results are "
                           "older, from before %2, each the latest of its test.")
                            .arg(kAttentionMonths)
                            .arg(sinceText));
    else if (older.size() == 1)
        unknown << tr("1 older latest result, from before %1, was outside its normal range: see "
                      "Lab results.")
                       .arg(sinceText);
    else if (older.size() > 1)
        unknown << tr("%1 older latest results, from before %2, were outside their normal range: "
                      "see Lab results.")
                       .arg(older.size())
                       .arg(sinceText);
    if (outOfRange.size() > kMaxAbnormalResults)
        unknown.prepend(tr("%1 more out of range: see Lab results.")
                            .arg(outOfRange.size() - kMaxAbnormalResults));

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
        else {
            empty << tr("Nothing is flagged out of range in the last %1 months.")
                         .arg(kAttentionMonths);
            if (normal == 1)
                empty << (m_clinician ? tr("1 of the patient's latest lab results is within its "
                                           "normal range.")
                                      : tr("1 of your latest lab results is within its normal "
                                           "range."));
            else if (normal > 1)
                empty << (m_clinician ? tr("%1 of the patient's latest lab results are within "
                                           "their normal range.")
                                      : tr("%1 of your latest lab results are within their "
                                           "normal range."))
                             .arg(normal);
        }
        empty << unknown;
    }
    // Shown while loading, these may not be the latest results yet.
    const QString note = !empty.isEmpty() ? QString()
                         : m_labsLoading ? tr("Still loading: these may not be the latest results.")
                                         : unknown.join(QLatin1Char(' '));
    showSection(m_abnormalSection, empty.join(QLatin1Char(' ')), note);
}

void SummaryView::fillRecent()
{
    const QDate since = today().addDays(-kRecentDays);
    QList<std::pair<QDateTime, int>> recent;
    QDateTime newest;
    for (int row = 0; row < m_testsModel->rowCount(); ++row) {
        const QDateTime when =
            m_testsModel->index(row, 0).data(LabTestsModel::LatestDateRole).toDateTime();
        if (when.isValid() && (!newest.isValid() || when > newest))
            newest = when;
        if (when.isValid() && when.toLocalTime().date() >= since)
            recent.append({when, row});
    }
    std::stable_sort(recent.begin(), recent.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    const QString current = currentKey(m_recent);
    m_recent->clear();
    for (const auto &[when, row] : recent.mid(0, kMaxRecentResults)) {
        addResultItem(m_recent, row);
        QTreeWidgetItem *item = m_recent->topLevelItem(m_recent->topLevelItemCount() - 1);
        if (item->data(TestColumn, TestKeyRole).toString() == current)
            m_recent->setCurrentItem(item);
    }
    QString empty;
    if (m_labsLoading && recent.isEmpty())
        empty = tr("Lab results are still loading…");
    else if (m_testsModel->rowCount() == 0)
        empty = tr("No lab results yet.");
    else if (recent.isEmpty())
        empty = tr("No new results in the last %1 days. The latest is from %2.")
                    .arg(kRecentDays)
                    .arg(QLocale().toString(newest.toLocalTime().date(), QLocale::ShortFormat));
    const QString note =
        recent.size() > kMaxRecentResults
            ? tr("%1 more: see Lab results.").arg(recent.size() - kMaxRecentResults)
            : QString();
    showSection(m_recentSection, empty, empty.isEmpty() ? note : QString());
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
        item->setText(1, ConditionsModel::sinceText(condition, locale));
        item->setData(0, Qt::AccessibleTextRole, ConditionsModel::accessibleText(condition));
    }
    QString empty;
    if (m_conditionsLoading && active.isEmpty())
        empty = tr("Conditions are still loading…");
    else if (m_conditionsModel->rowCount() == 0)
        empty = tr("No conditions on record.");
    else if (active.isEmpty())
        empty = tr("No active conditions.");
    showSection(m_conditionsSection, empty,
                empty.isEmpty() && m_conditionsLoading
                    ? tr("Still loading: more conditions may follow.")
                    : QString());
}

void SummaryView::fillPinned()
{
    const QString current = currentKey(m_pinned);
    m_pinned->clear();
    if (!m_pins) {
        showSection(m_pinnedSection, {}, {});
        return;
    }
    const QStringList codes = m_pins->codes();
    QSet<QString> shown;
    // In the order they were pinned; a code with several units is several tests.
    for (const QString &code : codes) {
        for (int row = 0; row < m_testsModel->rowCount(); ++row) {
            const QList<fhir::Observation> results =
                m_testsModel->observations(m_testsModel->testKey(row));
            if (results.isEmpty() || models::PinnedTests::codeFor(results.constLast()) != code)
                continue;
            shown.insert(code);
            addResultItem(m_pinned, row);
            QTreeWidgetItem *item = m_pinned->topLevelItem(m_pinned->topLevelItemCount() - 1);
            if (item->data(TestColumn, TestKeyRole).toString() == current)
                m_pinned->setCurrentItem(item);
        }
    }
    const qsizetype missing = codes.size() - shown.size();
    QString empty;
    QString note;
    if (codes.isEmpty())
        empty = tr("No pinned tests. To keep a test here, right-click it in Lab results or on "
                   "this page and choose Pin to Summary.");
    else if (shown.isEmpty() && m_labsLoading)
        empty = tr("Lab results are still loading…");
    else if (shown.isEmpty())
        empty = missing == 1
                    ? tr("The pinned test has no results in this record.")
                    : tr("The %1 pinned tests have no results in this record.").arg(missing);
    else if (missing == 1)
        note = tr("1 pinned test has no results in this record.");
    else if (missing > 1)
        note = tr("%1 pinned tests have no results in this record.").arg(missing);
    showSection(m_pinnedSection, empty, note);
}

} // namespace kete::ui
