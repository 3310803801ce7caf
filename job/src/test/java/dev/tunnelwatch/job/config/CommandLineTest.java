package dev.tunnelwatch.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelwatch.job.allowlist.Allowlist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {

    @TempDir
    Path home;

    Path events;

    @BeforeEach
    void bundledTestdata() throws IOException {
        events = Files.createDirectories(home.resolve("testdata").resolve("events"));
        Files.writeString(events.resolve("a.jsonl"), "{}\n");
    }

    DetectionConfig parse(String... args) throws UsageException {
        return CommandLine.parse(args, home);
    }

    AbstractThrowableAssert<?, ? extends Throwable> usageError(String... args) {
        return assertThatThrownBy(() -> CommandLine.parse(args, home))
                .isInstanceOf(UsageException.class)
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("\r"));
    }

    Path file(String name, String content) throws IOException {
        Path f = home.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return f;
    }

    @Nested
    class Defaults {

        @Test
        void noArgumentsWithAHomeFolder() throws UsageException {
            DetectionConfig c = parse();
            assertThat(c.inputs()).containsExactly(home.resolve("testdata").resolve("events").toString());
            assertThat(c.output()).isEqualTo("-");
            assertThat(c.deadLetter()).isEqualTo("stderr");
            assertThat(c.ports().ports()).containsExactly("7844");
            assertThat(c.window()).isEqualTo(Duration.ofHours(1));
            assertThat(c.windowOffset()).isEqualTo(Duration.ofMinutes(50));
            assertThat(c.outOfOrderness()).isEqualTo(Duration.ofMinutes(10));
            assertThat(c.idleness()).isEqualTo(Duration.ofMinutes(1));
            assertThat(c.zone()).isEqualTo(ZoneId.of("UTC"));
            assertThat(c.allowlist()).isEqualTo(Allowlist.EMPTY);
            assertThat(c.allowlist().rules()).isEmpty();
            assertThat(c.parallelism()).isNull();
        }

        @Test
        void projectHomeWithItsConfigYamlHasTheSameDefaults() throws UsageException {
            String projectHome = System.getProperty("tunnelwatch.home");
            org.junit.jupiter.api.Assumptions.assumeTrue(projectHome != null);
            Path p = Path.of(projectHome);
            DetectionConfig c = CommandLine.parse(new String[0], p);
            assertThat(c.inputs()).containsExactly(p.resolve("testdata").resolve("events").toAbsolutePath().normalize().toString());
            assertThat(c.output()).isEqualTo("-");
            assertThat(c.deadLetter()).isEqualTo("stderr");
            assertThat(c.ports().ports()).containsExactly("7844");
            assertThat(c.window()).isEqualTo(Duration.ofHours(1));
            assertThat(c.windowOffset()).isEqualTo(Duration.ofMinutes(50));
            assertThat(c.outOfOrderness()).isEqualTo(Duration.ofMinutes(10));
            assertThat(c.zone()).isEqualTo(ZoneId.of("UTC"));
        }

        @Test
        void noHomeRequiresInput() {
            assertThatThrownBy(() -> CommandLine.parse(new String[0], null))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("--input is required");
        }

        @Test
        void noHomeWithInputIsFine() throws UsageException {
            DetectionConfig c = CommandLine.parse(new String[] {"--input", events.toString()}, null);
            assertThat(c.inputs()).containsExactly(events.toString());
            assertThat(c.window()).isEqualTo(Duration.ofHours(1));
        }

        @Test
        void deadLetterFolderDefaultsBesideTheOutputFolder() throws UsageException {
            Path out = home.resolve("run1").resolve("alerts");
            DetectionConfig c = parse("--output", out.toString());
            assertThat(c.output()).isEqualTo(out.toString());
            assertThat(c.deadLetter()).isEqualTo(home.resolve("run1").resolve("dead-letter").toString());
        }

        @Test
        void deadLetterDefaultWithAnEmptyExistingOutputFolder() throws IOException, UsageException {
            Path out = Files.createDirectories(home.resolve("out"));
            DetectionConfig c = parse("--output", out.toString());
            assertThat(c.deadLetter()).isEqualTo(home.resolve("dead-letter").toString());
        }

        @Test
        void deadLetterToStdoutWhenOutputIsStdout() throws UsageException {
            DetectionConfig c = parse("--output", "-", "--dead-letter", "-");
            assertThat(c.output()).isEqualTo("-");
            assertThat(c.deadLetter()).isEqualTo("-");
        }
    }

    @Nested
    class Flags {

        @Test
        void everyFlagWithASeparateValue() throws IOException, UsageException {
            Path in1 = file("in/one.jsonl", "{}\n");
            Path in2 = Files.createDirectories(home.resolve("in2"));
            Path allow = file("allow.yaml", "rules:\n  - user: svc_tunnel\n");
            Path conf = file("conf/other.yaml", "tunnelwatch.time-zone: Europe/Berlin\n");
            Path out = home.resolve("out");
            Path dl = home.resolve("dl");
            DetectionConfig c = parse("--input", in1.toString(), "--input", in2.toString(),
                    "--output", out.toString(), "--dead-letter", dl.toString(), "--allowlist", allow.toString(),
                    "--ports", "7844,443", "--window", "2h", "--window-offset", "30m", "--out-of-orderness", "5m",
                    "--parallelism", "4", "--config", conf.toString());
            assertThat(c.inputs()).containsExactly(in1.toString(), in2.toString());
            assertThat(c.output()).isEqualTo(out.toString());
            assertThat(c.deadLetter()).isEqualTo(dl.toString());
            assertThat(c.allowlist().rules()).hasSize(1);
            assertThat(c.ports().ports()).containsExactlyInAnyOrder("7844", "443");
            assertThat(c.window()).isEqualTo(Duration.ofHours(2));
            assertThat(c.windowOffset()).isEqualTo(Duration.ofMinutes(30));
            assertThat(c.outOfOrderness()).isEqualTo(Duration.ofMinutes(5));
            assertThat(c.parallelism()).isEqualTo(4);
            assertThat(c.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        }

        @Test
        void everyFlagWithEqualsForm() throws IOException, UsageException {
            Path in1 = file("in/one.jsonl", "{}\n");
            Path allow = file("allow.json", "{\"rules\": [{\"dvc\": \"JUMP-01\"}]}");
            Path conf = file("conf/x.yml", "tunnelwatch.idleness: 2min\n");
            Path out = home.resolve("out");
            Path dl = home.resolve("dl");
            DetectionConfig c = parse("--input=" + in1, "--output=" + out, "--dead-letter=" + dl,
                    "--allowlist=" + allow, "--ports=07844", "--window=30min", "--window-offset=0",
                    "--out-of-orderness=0s", "--parallelism=1", "--config=" + conf);
            assertThat(c.inputs()).containsExactly(in1.toString());
            assertThat(c.output()).isEqualTo(out.toString());
            assertThat(c.deadLetter()).isEqualTo(dl.toString());
            assertThat(c.allowlist().rules()).hasSize(1);
            assertThat(c.ports().ports()).containsExactly("7844");
            assertThat(c.window()).isEqualTo(Duration.ofMinutes(30));
            assertThat(c.windowOffset()).isEqualTo(Duration.ZERO);
            assertThat(c.outOfOrderness()).isEqualTo(Duration.ZERO);
            assertThat(c.parallelism()).isEqualTo(1);
            assertThat(c.idleness()).isEqualTo(Duration.ofMinutes(2));
        }

        @Test
        void portsListAndLeadingZeros() throws UsageException {
            assertThat(parse("--ports", "7844,443").ports().ports()).containsExactlyInAnyOrder("7844", "443");
            assertThat(parse("--ports", "07844").ports().ports()).containsExactly("7844");
            assertThat(parse("--ports", "07844,7844,0443").ports().ports()).containsExactlyInAnyOrder("7844", "443");
            assertThat(parse("--ports", "07844").ports().matches("7844")).isTrue();
        }

        @Test
        void durationSpellings() throws UsageException {
            assertThat(parse("--window", "60 min").window()).isEqualTo(Duration.ofHours(1));
            assertThat(parse("--out-of-orderness", "10 min").outOfOrderness()).isEqualTo(Duration.ofMinutes(10));
            assertThat(parse("--out-of-orderness", "30s").outOfOrderness()).isEqualTo(Duration.ofSeconds(30));
            assertThat(parse("--out-of-orderness", "500ms").outOfOrderness()).isEqualTo(Duration.ofMillis(500));
            assertThat(parse("--window", "1d", "--window-offset", "50m").window()).isEqualTo(Duration.ofDays(1));
        }

        @Test
        void laterFlagWins() throws UsageException {
            assertThat(parse("--window", "2h", "--window", "3h").window()).isEqualTo(Duration.ofHours(3));
        }

        @Test
        void configFileNotNamedConfigYamlIsApplied() throws IOException, UsageException {
            Path conf = file("settings.yaml", "tunnelwatch.window: 30min\ntunnelwatch.window-offset: 20min\n");
            DetectionConfig c = parse("--config", conf.toString());
            assertThat(c.window()).isEqualTo(Duration.ofMinutes(30));
            assertThat(c.windowOffset()).isEqualTo(Duration.ofMinutes(20));
            assertThat(c.outOfOrderness()).isEqualTo(Duration.ofMinutes(10));
            assertThat(conf).exists(); // the file is read, not moved
            assertThat(Files.readString(conf)).isEqualTo("tunnelwatch.window: 30min\ntunnelwatch.window-offset: 20min\n");
        }

        @Test
        void nestedConfigFileIsApplied() throws IOException, UsageException {
            Path conf = file("my-flink.yaml", "tunnelwatch:\n  window: 30min\n  window-offset: 5min\n  ports: \"443\"\n");
            DetectionConfig c = parse("--config", conf.toString());
            assertThat(c.window()).isEqualTo(Duration.ofMinutes(30));
            assertThat(c.windowOffset()).isEqualTo(Duration.ofMinutes(5));
            assertThat(c.ports().ports()).containsExactly("443");
        }

        @Test
        void configFileNamedConfigYamlIsApplied() throws IOException, UsageException {
            Path conf = file("conf/config.yaml", "tunnelwatch.window: 2h\n");
            assertThat(parse("--config", conf.toString()).window()).isEqualTo(Duration.ofHours(2));
        }

        @Test
        void aFlagOverridesTheConfigFile() throws IOException, UsageException {
            Path conf = file("settings.yaml", "tunnelwatch.window: 30min\ntunnelwatch.window-offset: 20min\n");
            DetectionConfig c = parse("--config", conf.toString(), "--window", "2h");
            assertThat(c.window()).isEqualTo(Duration.ofHours(2));
            assertThat(c.windowOffset()).isEqualTo(Duration.ofMinutes(20));
            // flag before --config overrides too
            DetectionConfig c2 = parse("--window-offset", "1m", "--config", conf.toString());
            assertThat(c2.window()).isEqualTo(Duration.ofMinutes(30));
            assertThat(c2.windowOffset()).isEqualTo(Duration.ofMinutes(1));
        }

        @Test
        void projectConfigYamlIsUsedWhenThereIsNoConfigFlag() throws IOException, UsageException {
            file("flink-conf/config.yaml", "tunnelwatch.out-of-orderness: 3min\n");
            assertThat(parse().outOfOrderness()).isEqualTo(Duration.ofMinutes(3));
            assertThat(parse("--out-of-orderness", "4min").outOfOrderness()).isEqualTo(Duration.ofMinutes(4));
        }
    }

    @Nested
    class Errors {

        @Test
        void unknownFlag() {
            usageError("--bogus", "x").hasMessageContaining("--bogus");
            usageError("--Window", "1h").hasMessageContaining("--Window");
            usageError("--bogus=x").hasMessageContaining("--bogus");
        }

        @Test
        void positionalArgument() {
            usageError("events.jsonl").hasMessageContaining("events.jsonl");
        }

        @ParameterizedTest
        @ValueSource(strings = {"--input", "--output", "--dead-letter", "--allowlist", "--ports", "--window",
            "--window-offset", "--out-of-orderness", "--parallelism", "--config"})
        void missingValue(String flag) {
            usageError(flag).hasMessageContaining(flag);
        }

        @ParameterizedTest
        @ValueSource(strings = {"abc", "1 hour and a bit", "-1h", "h", "1x", ""})
        void badDuration(String value) {
            usageError("--window", value).hasMessageContaining("--window");
        }

        @Test
        void badDurationOnEachDurationFlag() {
            usageError("--window-offset", "soon").hasMessageContaining("--window-offset");
            usageError("--out-of-orderness", "soon").hasMessageContaining("--out-of-orderness");
            usageError("--window=").hasMessageContaining("--window");
        }

        @ParameterizedTest
        @ValueSource(strings = {"abc", "7844,abc", "7844,", ",7844", "", "-7844", "+7844", "7844.0", "7.844e3",
            "\u0667\u0668\u0664\u0664", "7844;443"})
        void badPort(String value) {
            usageError("--ports", value).hasMessageContaining("--ports");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "00", "-1", "abc", "1.5", "99999999999", ""})
        void badParallelism(String value) {
            usageError("--parallelism", value).hasMessageContaining("--parallelism");
        }

        @Test
        void nonExistentInput() {
            Path missing = home.resolve("no-such-file.jsonl");
            usageError("--input", missing.toString())
                    .hasMessageContaining("--input")
                    .hasMessageContaining(missing.toString());
        }

        @Test
        void nonExistentSecondInput() {
            usageError("--input", events.toString(), "--input", home.resolve("missing").toString())
                    .hasMessageContaining("--input");
        }

        @Test
        void missingBundledInputWhenNoInputGiven() throws IOException {
            try (var s = Files.list(events)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(events);
            usageError().hasMessageContaining("--input");
        }

        @Test
        void outputIsAnExistingFile() throws IOException {
            Path f = file("out.jsonl", "x\n");
            usageError("--output", f.toString())
                    .hasMessageContaining("--output")
                    .hasMessageContaining(f.toString());
        }

        @Test
        void outputIsANonEmptyFolder() throws IOException {
            Path out = Files.createDirectories(home.resolve("out"));
            Files.writeString(out.resolve("part-0"), "{}\n");
            usageError("--output", out.toString())
                    .hasMessageContaining("--output")
                    .hasMessageContaining("not empty");
        }

        @Test
        void deadLetterIsANonEmptyFolderOrAFile() throws IOException {
            Path dl = Files.createDirectories(home.resolve("dl"));
            Files.writeString(dl.resolve("x"), "x");
            usageError("--dead-letter", dl.toString()).hasMessageContaining("--dead-letter");
            Path f = file("dl.txt", "x");
            usageError("--dead-letter", f.toString()).hasMessageContaining("--dead-letter");
        }

        @Test
        void defaultDeadLetterFolderBesideOutputMustBeEmpty() throws IOException {
            Path dl = Files.createDirectories(home.resolve("run").resolve("dead-letter"));
            Files.writeString(dl.resolve("old"), "x");
            usageError("--output", home.resolve("run").resolve("alerts").toString())
                    .hasMessageContaining("--dead-letter");
        }

        @Test
        void outputAndDeadLetterTheSameFolder() {
            String out = home.resolve("same").toString();
            usageError("--output", out, "--dead-letter", out);
        }

        @Test
        void windowOffsetIsTakenModuloTheWindow() throws Exception {
            assertThat(parse("--window-offset", "1h").windowOffset()).isEqualTo(Duration.ZERO);
            assertThat(parse("--window-offset", "61m").windowOffset()).isEqualTo(Duration.ofMinutes(1));
            assertThat(parse("--window", "30m").windowOffset()).isEqualTo(Duration.ofMinutes(20));
            assertThat(parse("--window", "2h", "--window-offset", "2h").windowOffset()).isEqualTo(Duration.ZERO);
        }

        @Test
        void zeroWindow() {
            usageError("--window", "0", "--window-offset", "0").hasMessageContaining("--window");
        }

        @Test
        void badAllowlistFile() throws IOException {
            Path a = file("allow.yaml", "rules:\n  - name: r\n    hostname: WS-01\n");
            usageError("--allowlist", a.toString())
                    .hasMessageContaining("--allowlist")
                    .hasMessageContaining("hostname");
        }

        @Test
        void malformedAllowlistFile() throws IOException {
            Path a = file("allow.json", "{\"rules\": [\n  {\"dvc\": \n");
            usageError("--allowlist", a.toString()).hasMessageContaining("--allowlist");
        }

        @Test
        void missingAllowlistFile() {
            usageError("--allowlist", home.resolve("none.yaml").toString()).hasMessageContaining("--allowlist");
        }

        @Test
        void missingConfigFile() {
            Path missing = home.resolve("nope.yaml");
            usageError("--config", missing.toString())
                    .hasMessageContaining("--config")
                    .hasMessageContaining(missing.toString());
        }

        @Test
        void configIsAFolder() throws IOException {
            Path d = Files.createDirectories(home.resolve("conf-dir"));
            usageError("--config", d.toString()).hasMessageContaining("--config");
        }

        @Test
        void configWithABadValue() throws IOException {
            Path conf = file("settings.yaml", "tunnelwatch.window: soon\n");
            usageError("--config", conf.toString());
        }

        @Test
        void configWithABadTimeZone() throws IOException {
            Path conf = file("settings.yaml", "tunnelwatch.time-zone: Mars/Olympus_Mons\n");
            usageError("--config", conf.toString());
        }

        @Test
        void configWithABadPort() throws IOException {
            Path conf = file("settings.yaml", "tunnelwatch.ports: \"78.44\"\n");
            usageError("--config", conf.toString());
        }

        @Test
        void malformedConfigYaml() throws IOException {
            Path conf = file("settings.yaml", "tunnelwatch:\n  window: [1h\n  window-offset: {\n");
            usageError("--config", conf.toString()).hasMessageContaining("--config");
        }

        @Test
        void negativeWindowOffsetFromConfig() throws IOException {
            Path conf = file("settings.yaml", "tunnelwatch.window-offset: -10min\n");
            usageError("--config", conf.toString()).hasMessageContaining("tunnelwatch.window-offset");
        }

        @Test
        void help() {
            assertThatThrownBy(() -> parse("--help"))
                    .isInstanceOf(UsageException.class)
                    .hasMessage(CommandLine.USAGE);
        }
    }

    @Test
    void inputsAreKeptInOrder() throws IOException, UsageException {
        Path b = file("b.jsonl", "");
        Path a = file("a.jsonl", "");
        assertThat(parse("--input", b.toString(), "--input", a.toString()).inputs())
                .isEqualTo(List.of(b.toString(), a.toString()));
    }

    @Nested
    class LateDataAndLimits {

        @Test
        void defaults() throws UsageException {
            DetectionConfig c = parse();
            assertThat(c.allowedLateness()).isZero();
            assertThat(c.maxGroupsPerWindow()).isEqualTo(100_000);
            assertThat(c.lateEvents()).isEqualTo(c.deadLetter());
            assertThat(c.limits()).isEqualTo(dev.tunnelwatch.connectors.decode.DecodeLimits.defaults());
        }

        @Test
        void localRunsCheckpointToFilesUnderTheProjectUnlessConfigured() throws UsageException {
            assertThat(parse().flink().get(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                    .isEqualTo(home.resolve(".run").resolve("checkpoints").toUri().toString());
            assertThat(parse("-Dexecution.checkpointing.dir=file:///elsewhere").flink()
                    .get(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                    .isEqualTo("file:///elsewhere");
        }

        @Test
        void lateEventsToTheirOwnFolder() throws UsageException {
            Path late = home.resolve("late");
            DetectionConfig c = parse("--allowed-lateness", "30m", "--late-events", late.toString(),
                    "--max-groups-per-window=5000");
            assertThat(c.allowedLateness()).isEqualTo(Duration.ofMinutes(30));
            assertThat(c.lateEvents()).isEqualTo(late.toString());
            assertThat(c.maxGroupsPerWindow()).isEqualTo(5000);
        }

        @Test
        void settingsWithMinusD() throws UsageException {
            DetectionConfig c = parse("-Dtunnelwatch.limits.min-event-time=none", "-D",
                    "tunnelwatch.limits.max-event-time-ahead=2h", "-Dtunnelwatch.limits.max-fields=100");
            assertThat(c.limits().minEventTimeMillis()).isEqualTo(Long.MIN_VALUE);
            assertThat(c.limits().maxEventTimeAheadMillis()).isEqualTo(Duration.ofHours(2).toMillis());
            assertThat(c.limits().maxFields()).isEqualTo(100);
            DetectionConfig d = parse("-Dtunnelwatch.limits.min-event-time=2010-01-01T00:00:00Z",
                    "-Dtunnelwatch.limits.max-event-time-ahead=none");
            assertThat(d.limits().minEventTimeMillis()).isEqualTo(1_262_304_000_000L);
            assertThat(d.limits().maxEventTimeAheadMillis()).isEqualTo(Long.MAX_VALUE);
        }

        @Test
        void errors() {
            usageError("--allowed-lateness", "soon").hasMessageContaining("--allowed-lateness");
            usageError("--max-groups-per-window", "0").hasMessageContaining("--max-groups-per-window");
            String out = home.resolve("out").toString();
            usageError("--output", out, "--late-events", out).hasMessageContaining("--late-events");
            usageError("-Dtunnelwatch.limits.max-feilds=3").hasMessageContaining("no such setting");
            usageError("-Dnovalue").hasMessageContaining("KEY=VALUE");
            usageError("-Dtunnelwatch.limits.min-event-time=yesterday").hasMessageContaining("min-event-time");
            usageError("-Dtunnelwatch.limits.max-event-time-ahead=later").hasMessageContaining("max-event-time-ahead");
        }
    }

    @Nested
    class Alerts {

        @Test
        void earlyAlertsSuppressionAndRules() throws IOException, UsageException {
            Path rules = file("rules.yaml", java.nio.file.Files.readString(
                    java.nio.file.Path.of(System.getProperty("tunnelwatch.home", "..")).resolve("testdata/rules/two-rules.yaml")));
            DetectionConfig c = parse("--early-alerts", "--suppress-for", "2h", "--suppress-fields", "dvc,user",
                    "--rules", rules.toString());
            assertThat(c.flink().get(DetectionOptions.EARLY_ALERTS)).isTrue();
            assertThat(c.flink().get(DetectionOptions.SUPPRESS_FOR)).isEqualTo(java.time.Duration.ofHours(2));
            assertThat(c.flink().get(DetectionOptions.SUPPRESS_FIELDS)).containsExactly("dvc", "user");
            assertThat(c.rules()).extracting(r -> r.name())
                    .containsExactly("Windows Potential Cloudflared Network Connection", "Remote Access on Port 3389");
            assertThat(c.watermarkLag()).isEqualTo(java.time.Duration.ofMinutes(10)); // the larger of 10m and 5m
        }

        @Test
        void withoutRulesTheBundledDetectionTakesTheFlags() throws UsageException {
            DetectionConfig c = parse("--ports", "7844,443", "--window", "30m");
            assertThat(c.rules()).hasSize(1);
            assertThat(c.rules().get(0).ports()).containsExactly("443", "7844");
            assertThat(c.rules().get(0).window()).isEqualTo(java.time.Duration.ofMinutes(30));
            assertThat(c.rules().get(0).offset()).isEqualTo(java.time.Duration.ofMinutes(20));
            assertThat(c.rules().get(0).identity()).isEqualTo(dev.tunnelwatch.job.model.DetectionRule.CLOUDFLARED);
        }

        @Test
        void mistakes() throws IOException {
            Path rules = file("r.yaml", "rules:\n  - name: x\n");
            usageError("--rules", rules.toString()).hasMessageContaining("r.yaml");
            usageError("--rules", rules.toString(), "--ports", "7844")
                    .hasMessage("--ports cannot be combined with --rules: each rule in the file sets its own");
            usageError("--rules", home.resolve("missing.yaml").toString()).hasMessageContaining("--rules");
            usageError("--suppress-fields", "dvc,host").hasMessageStartingWith("--suppress-fields: 'host' is not a group field");
            usageError("--early-alerts=yes").hasMessage("--early-alerts takes no value");
        }
    }
}
