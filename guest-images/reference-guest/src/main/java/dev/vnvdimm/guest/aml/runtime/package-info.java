/**
 * The AML object model and execution core: the value types, the namespace, the parsed-term base ({@code Node},
 * {@code Block}) and invocation state ({@code Frame}), the interpreter core with its lock and notify queue, and
 * the conversions, stores, references and field I/O every operator shares. SystemMemory and SystemIO regions go
 * to the {@code Platform}; the core knows neither the parser nor the operators (it parses through
 * {@code TermParser}).
 */
package dev.vnvdimm.guest.aml.runtime;
