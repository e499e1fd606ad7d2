#pragma once

#include <QCoreApplication>
#include <QString>
#include <optional>

namespace sk::cli {

// Reads a new password for a command: typed twice without echo on a
// terminal, or one line from a pipe or file (scripts, tests).
class PasswordInput {
    Q_DECLARE_TR_FUNCTIONS(PasswordInput)

public:
    enum class Outcome { Read, NoInput, Mismatch };
    struct Reading {
        Outcome outcome = Outcome::NoInput;
        QString password;
    };

    static Reading readNewPassword(const QString &forWhom);

private:
    static std::optional<QString> readLine();
    static std::optional<QString> promptWithoutEcho(const QString &prompt);
};

} // namespace sk::cli
