#include "conditions/conditionsview.h"

#include "dialogs/fileexport.h"
#include "models/csvexport.h"
#include "widgets/recordtable.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace kete::ui {

using models::ConditionsModel;

namespace {

QComboBox *filterBox(QWidget *parent, const QString &objectName, const QString &accessibleName)
{
    auto *box = new QComboBox(parent);
    box->setObjectName(objectName);
    box->setAccessibleName(accessibleName);
    return box;
}

void selectData(QComboBox *box, int value)
{
    box->setCurrentIndex(box->findData(value));
}

} // namespace

ConditionsView::ConditionsView(ConditionsModel *conditions, QWidget *parent)
    : QWidget(parent)
    , m_conditions(conditions)
    , m_proxy(new models::ConditionsProxyModel(this))
{
    setObjectName(QStringLiteral("conditionsView"));
    setAccessibleName(tr("Conditions"));
    m_proxy->setSourceModel(m_conditions);

    m_stack = new QStackedWidget(this);
    m_table =
        createRecordTable(m_proxy, QStringLiteral("conditionsTable"), tr("Conditions"), m_stack);
    m_table->setSortingEnabled(true);
    // Newest first within active, then within resolved (the proxy keeps active on top).
    m_table->sortByColumn(ConditionsModel::OnsetColumn, Qt::DescendingOrder);
    m_empty = new QLabel(m_stack);
    m_empty->setObjectName(QStringLiteral("conditionsEmptyState"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_empty);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createToolbar());
    layout->addWidget(m_stack, 1);
    // The toolbar is made after the table; Tab reads it first all the same.
    QWidget::setTabOrder(m_status, m_category);
    QWidget::setTabOrder(m_category, m_export);
    QWidget::setTabOrder(m_export, m_table);

    configureColumns();
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &ConditionsView::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &ConditionsView::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &ConditionsView::updateEmptyState);
    updateEmptyState();
}

QWidget *ConditionsView::createToolbar()
{
    auto *bar = new QWidget(this);
    m_status = filterBox(bar, QStringLiteral("conditionsStatus"), tr("Show conditions by status"));
    const auto addStatus = [this](const QString &text, StatusFilter filter,
                                  const QString &toolTip) {
        m_status->addItem(text, int(filter));
        if (!toolTip.isEmpty())
            m_status->setItemData(m_status->count() - 1, toolTip, Qt::ToolTipRole);
    };
    addStatus(tr("All"), StatusFilter::All, {});
    addStatus(tr("Active"), StatusFilter::Active,
              tr("Active conditions, including recurrence and relapse"));
    addStatus(tr("In remission"), StatusFilter::InRemission,
              tr("Conditions in remission: not active now, but not resolved either"));
    addStatus(tr("Resolved"), StatusFilter::Resolved, tr("Resolved or inactive conditions"));
    selectData(m_status, int(m_proxy->statusFilter()));
    connect(m_status, &QComboBox::currentIndexChanged, this,
            [this] { setStatusFilter(StatusFilter(m_status->currentData().toInt())); });

    m_category =
        filterBox(bar, QStringLiteral("conditionsCategory"), tr("Show conditions by category"));
    m_category->addItem(tr("All categories"), int(CategoryFilter::All));
    m_category->addItem(tr("Problem list"), int(CategoryFilter::ProblemList));
    m_category->addItem(tr("Encounter diagnoses"), int(CategoryFilter::EncounterDiagnoses));
    selectData(m_category, int(m_proxy->categoryFilter()));
    connect(m_category, &QComboBox::currentIndexChanged, this,
            [this] { setCategoryFilter(CategoryFilter(m_category->currentData().toInt())); });

    m_export = new QPushButton(tr("Export table…"), bar);
    m_export->setObjectName(QStringLiteral("conditionsExport"));
    m_export->setAccessibleName(tr("Export the conditions table as CSV"));
    connect(m_export, &QPushButton::clicked, this, &ConditionsView::exportInteractively);

    auto *statusLabel = new QLabel(tr("&Show:"), bar);
    statusLabel->setBuddy(m_status);
    auto *categoryLabel = new QLabel(tr("&Category:"), bar);
    categoryLabel->setBuddy(m_category);

    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(statusLabel);
    layout->addWidget(m_status);
    layout->addSpacing(12);
    layout->addWidget(categoryLabel);
    layout->addWidget(m_category);
    layout->addStretch(1);
    layout->addWidget(m_export);
    return bar;
}

void ConditionsView::configureColumns()
{
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ConditionsModel::NameColumn, QHeaderView::Stretch);
    // Several providers' statuses and names are long: cut (the tooltip has them), never at the
    // cost of the condition's name.
    if (!m_conditions->showsSources())
        return;
    const int character = m_table->fontMetrics().averageCharWidth();
    for (const auto &[column, characters] :
         {std::pair{int(ConditionsModel::ClinicalStatusColumn), 30},
          std::pair{int(ConditionsModel::SourceColumn), 26}}) {
        header->setSectionResizeMode(column, QHeaderView::Interactive);
        header->resizeSection(column, characters * character);
    }
}

QAbstractItemView *ConditionsView::table() const
{
    return m_table;
}

void ConditionsView::setStatusFilter(StatusFilter filter)
{
    m_proxy->setStatusFilter(filter);
    selectData(m_status, int(filter));
    updateEmptyState();
}

void ConditionsView::setCategoryFilter(CategoryFilter filter)
{
    m_proxy->setCategoryFilter(filter);
    selectData(m_category, int(filter));
    updateEmptyState();
}

QString ConditionsView::emptyStateText() const
{
    return m_stack->currentWidget() == m_empty ? m_empty->text() : QString();
}

void ConditionsView::setUnavailableReason(const QString &reason)
{
    m_unavailableReason = reason;
    updateEmptyState();
}

void ConditionsView::setLoading(bool loading)
{
    m_loading = loading;
    updateEmptyState();
}

void ConditionsView::updateEmptyState()
{
    QString text;
    if (m_conditions->rowCount() == 0 && !m_unavailableReason.isEmpty())
        text = m_unavailableReason;
    else if (m_conditions->rowCount() == 0 && m_loading)
        text = tr("Still loading conditions…");
    else if (m_conditions->rowCount() == 0)
        text = tr("No conditions on record");
    else if (m_proxy->rowCount() == 0 && m_proxy->statusFilter() == StatusFilter::Active)
        text = tr("No active conditions");
    else if (m_proxy->rowCount() == 0 && m_proxy->statusFilter() == StatusFilter::Resolved)
        text = tr("No resolved conditions");
    else if (m_proxy->rowCount() == 0 && m_proxy->statusFilter() == StatusFilter::InRemission)
        text = tr("No conditions in remission");
    else if (m_proxy->rowCount() == 0)
        text = tr("No conditions in this category");
    m_empty->setText(text);
    m_stack->setCurrentWidget(text.isEmpty() ? static_cast<QWidget *>(m_table) : m_empty);
    m_export->setEnabled(text.isEmpty());
}

Result<void> ConditionsView::exportCsv(const QString &path) const
{
    return models::writeCsvFile(path, models::toCsv(*m_proxy));
}

void ConditionsView::exportInteractively()
{
    exportToFile(this, {tr("Export conditions"), tr("conditions.csv"), tr("CSV files (*.csv)")},
                 [this](const QString &path) { return exportCsv(path); });
}

} // namespace kete::ui
