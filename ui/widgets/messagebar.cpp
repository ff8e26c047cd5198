#include "widgets/messagebar.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStyle>

namespace kete::ui {

MessageBar::MessageBar(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_retry(new QPushButton(tr("Retry"), this))
    , m_signInAgain(new QPushButton(tr("Sign in again"), this))
    , m_connectionDetails(new QPushButton(tr("Details"), this))
    , m_lessAccess(new QPushButton(tr("Sign in with less access"), this))
    , m_details(new QPushButton(tr("Details"), this))
{
    setObjectName(QStringLiteral("messageBar"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::ToolTipBase);
    setForegroundRole(QPalette::ToolTipText);
    m_text->setObjectName(QStringLiteral("messageText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setForegroundRole(QPalette::ToolTipText);
    m_retry->setObjectName(QStringLiteral("retryButton"));
    m_signInAgain->setObjectName(QStringLiteral("signInAgainButton"));
    m_lessAccess->setObjectName(QStringLiteral("lessAccessButton"));
    m_connectionDetails->setObjectName(QStringLiteral("connectionDetailsButton"));
    m_connectionDetails->setToolTip(tr("How Kete connected to your provider, step by step"));
    m_details->setObjectName(QStringLiteral("detailsButton"));
    m_details->setToolTip(tr("Technical details for your provider's support"));

    auto *close = new QPushButton(this);
    close->setFlat(true);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setAccessibleName(tr("Dismiss message"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_retry);
    layout->addWidget(m_signInAgain);
    layout->addWidget(m_lessAccess);
    layout->addWidget(m_connectionDetails);
    layout->addWidget(m_details);
    layout->addWidget(close);

    connect(m_retry, &QPushButton::clicked, this, [this] {
        dismiss();
        Q_EMIT retryRequested();
    });
    connect(m_signInAgain, &QPushButton::clicked, this, [this] {
        dismiss();
        Q_EMIT signInAgainRequested();
    });
    connect(m_lessAccess, &QPushButton::clicked, this, [this] {
        dismiss();
        Q_EMIT lessAccessRequested();
    });
    connect(m_connectionDetails, &QPushButton::clicked, this,
            &MessageBar::connectionDetailsRequested);
    connect(m_details, &QPushButton::clicked, this, &MessageBar::showDetails);
    connect(close, &QPushButton::clicked, this, &MessageBar::dismiss);
    hide();
}

void MessageBar::showError(const Error &error, Actions actions)
{
    showMessage(error.message, Kind::Problem, actions);
    m_detail = error.detail;
    // One Details button: the connection details hold the technical part when offered.
    m_details->setVisible(!m_detail.isEmpty() && !actions.testFlag(ConnectionDetails));
}

void MessageBar::showMessage(const QString &text, Kind kind, Actions actions)
{
    const auto icon =
        kind == Kind::Problem ? QStyle::SP_MessageBoxWarning : QStyle::SP_MessageBoxInformation;
    m_icon->setPixmap(style()->standardIcon(icon).pixmap(20, 20));
    m_text->setText(text);
    setAccessibleDescription(text);
    m_detail.clear();
    m_details->hide();
    m_retry->setVisible(actions.testFlag(Retry));
    m_signInAgain->setVisible(actions.testFlag(SignInAgain));
    m_lessAccess->setVisible(actions.testFlag(LessAccess));
    m_connectionDetails->setVisible(actions.testFlag(ConnectionDetails));
    show();
}

void MessageBar::dismiss()
{
    hide();
    m_text->clear();
    m_detail.clear();
}

QString MessageBar::text() const
{
    return m_text->text();
}

void MessageBar::showDetails()
{
    QMessageBox box(QMessageBox::Information, tr("Details for support"), m_text->text(),
                    QMessageBox::Close, this);
    box.setInformativeText(tr("Technical detail: %1").arg(m_detail));
    auto *copy = box.addButton(tr("Copy"), QMessageBox::ActionRole);
    box.exec();
    if (box.clickedButton() == copy)
        QApplication::clipboard()->setText(m_text->text() + QLatin1Char('\n') + m_detail);
}

} // namespace kete::ui
