#pragma once

#include <QString>
#include <chrono>

namespace sk {

// How the shop's mail leaves: the SMTP server it hands messages to
// (docs/notifications.md, "Settings"). Kept in `settings` under smtp.*.
struct SmtpSettings {
    enum class Security { None, StartTls, Tls };

    bool enabled = false;
    QString host;
    int port = 587;
    Security security = Security::StartTls;
    QString user;                   // empty: no AUTH
    QString password;
    QString fromAddress;
    QString fromName;               // empty: the shop's name
    std::chrono::milliseconds timeout{30'000}; // per step of the conversation

    friend bool operator==(const SmtpSettings &, const SmtpSettings &) = default;
};

QString smtpSecurityName(SmtpSettings::Security security); // "none", "starttls", "tls"

} // namespace sk
